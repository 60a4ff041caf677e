package io.sextant.engine.audit;

import java.util.List;

/**
 * Told of events inside the transaction that appends them, after their rows are written: what a listener
 * writes to the same database commits or rolls back with the events (the notification outbox). A listener
 * must be quick (the chain's head is locked) and may throw only to abort the append.
 */
public interface AuditAppendListener {

    void appended(List<AuditEvent> events);
}
