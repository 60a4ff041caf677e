package io.sextant.engine.audit;

import java.util.List;

/** The durable, hash-chained audit log. Appends are serialised; reads are consistent snapshots. */
public interface AuditStore {

    /** Appends one event, assigning id, time, prevHash and hash, and returns it as stored. */
    AuditEvent append(AuditEntry entry);

    /**
     * Appends events in order and returns them as stored, as {@link #append} of each one would; a store
     * may do it more cheaply than one append at a time.
     */
    default List<AuditEvent> appendAll(List<AuditEntry> entries) {
        return entries.stream().map(this::append).toList();
    }

    /** Events matching the query, newest first. */
    List<AuditEvent> find(AuditQuery query);

    /** Re-verifies the whole chain from stored data. */
    ChainVerification verify();
}
