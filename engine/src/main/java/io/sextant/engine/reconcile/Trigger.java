package io.sextant.engine.reconcile;

/** What asked for a reconcile; recorded in audit events. Stronger triggers win when coalesced. */
public enum Trigger {
    POLL("poll"),
    DRIFT("drift"),
    WEBHOOK("webhook"),
    MANUAL("manual");

    private final String apiName;

    Trigger(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The stronger of two coalesced triggers: a manual sync must not be downgraded to a poll. */
    static Trigger strongest(Trigger a, Trigger b) {
        if (a == null) {
            return b;
        }
        return b == null || a.ordinal() >= b.ordinal() ? a : b;
    }
}
