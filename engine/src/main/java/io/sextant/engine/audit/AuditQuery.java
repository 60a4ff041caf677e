package io.sextant.engine.audit;

/** Filters for reading the audit log; null fields match anything. Newest first, at most {@code limit}. */
public record AuditQuery(String commit, String kind, String namespace, String name, String action, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
    }

    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, null, null, limit);
    }
}
