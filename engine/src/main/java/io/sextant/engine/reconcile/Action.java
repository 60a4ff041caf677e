package io.sextant.engine.reconcile;

/** What a plan step does to a live resource; the name is the audit event's {@code action}. */
public enum Action {
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete");

    private final String apiName;

    Action(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
