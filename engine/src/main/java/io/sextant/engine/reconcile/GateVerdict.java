package io.sextant.engine.reconcile;

import java.util.List;

/**
 * What a {@link CommitGate} decided.
 *
 * @param allowed     whether the commit's changes may be applied
 * @param reason      why not (or a warning when allowed), shown in statuses and audit events
 * @param pullRequest the pull request the commit came from, when known; recorded in audit events
 * @param approvedBy  who approved that pull request; recorded in audit events
 */
public record GateVerdict(boolean allowed, String reason, Integer pullRequest, List<String> approvedBy) {

    public GateVerdict {
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
    }

    public static GateVerdict allow() {
        return new GateVerdict(true, null, null, List.of());
    }

    public static GateVerdict block(String reason) {
        return new GateVerdict(false, reason, null, List.of());
    }
}
