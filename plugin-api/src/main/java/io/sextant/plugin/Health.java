package io.sextant.plugin;

/** Health of a live resource (DESIGN.md section 5, Contract). */
public enum Health {
    HEALTHY("Healthy"),
    PROGRESSING("Progressing"),
    DEGRADED("Degraded"),
    MISSING("Missing"),
    UNKNOWN("Unknown");

    private final String apiName;

    Health(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    @Override
    public String toString() {
        return apiName;
    }
}
