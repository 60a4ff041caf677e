package io.sextant.engine.events;

import io.sextant.engine.audit.AuditEvent;

/** An audit event was appended to the log. */
public record AuditRecorded(AuditEvent event) {}
