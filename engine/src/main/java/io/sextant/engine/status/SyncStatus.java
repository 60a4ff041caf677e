package io.sextant.engine.status;

/** Whether live state matches Git (DESIGN.md section 5, Contract). */
public enum SyncStatus {
    SYNCED("Synced"),
    OUT_OF_SYNC("OutOfSync"),
    UNKNOWN("Unknown");

    private final String apiName;

    SyncStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static SyncStatus fromApiName(String name) {
        for (SyncStatus s : values()) {
            if (s.apiName.equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
