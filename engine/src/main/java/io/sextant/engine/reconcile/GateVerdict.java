package io.sextant.engine.reconcile;

import io.sextant.engine.audit.AuditEvent;
import java.util.List;

/**
 * What a {@link CommitGate} decided.
 *
 * @param allowed     whether the commit's changes may be applied
 * @param reason      why not (or a warning when allowed), shown in statuses and audit events
 * @param pullRequest the pull request the commit came from, when known; recorded in audit events
 * @param approvedBy  who approved that pull request; recorded in audit events
 * @param signedBy    who signed the commit, when a gate verified its signature; recorded in audit events
 */
public record GateVerdict(boolean allowed, String reason, Integer pullRequest, List<String> approvedBy,
                          AuditEvent.Signer signedBy) {

    public GateVerdict {
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
    }

    /** A verdict that names no signer. */
    public GateVerdict(boolean allowed, String reason, Integer pullRequest, List<String> approvedBy) {
        this(allowed, reason, pullRequest, approvedBy, null);
    }

    /** Lets the commit through as signed by {@code signer} (the signature gate verified it). */
    public static GateVerdict signed(AuditEvent.Signer signer) {
        return new GateVerdict(true, null, null, List.of(), signer);
    }

    /** This verdict, naming {@code signer} too when it names none. */
    GateVerdict withSigner(AuditEvent.Signer signer) {
        return signer == null || signedBy != null ? this
                : new GateVerdict(allowed, reason, pullRequest, approvedBy, signer);
    }

    public static GateVerdict allow() {
        return new GateVerdict(true, null, null, List.of());
    }

    public static GateVerdict block(String reason) {
        return new GateVerdict(false, reason, null, List.of());
    }
}
