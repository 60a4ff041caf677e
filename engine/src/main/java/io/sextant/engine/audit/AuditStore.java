package io.sextant.engine.audit;

import java.util.List;

/** The durable, hash-chained audit log. Appends are serialised; reads are consistent snapshots. */
public interface AuditStore {

    /** Appends one event, assigning id, time, prevHash and hash, and returns it as stored. */
    AuditEvent append(AuditEntry entry);

    /** Events matching the query, newest first. */
    List<AuditEvent> find(AuditQuery query);

    /** Re-verifies the whole chain from stored data. */
    ChainVerification verify();
}
