package io.sextant.engine.status;

/** Outcome of the last operation on a resource (DESIGN.md section 5, Contract). */
public enum OperationStatus {
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    BLOCKED("Blocked"),
    RUNNING("Running"),
    NONE("None");

    private final String apiName;

    OperationStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static OperationStatus fromApiName(String name) {
        for (OperationStatus s : values()) {
            if (s.apiName.equals(name)) {
                return s;
            }
        }
        return NONE;
    }
}
