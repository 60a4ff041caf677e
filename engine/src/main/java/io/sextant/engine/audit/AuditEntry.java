package io.sextant.engine.audit;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a caller records; the store adds id, time and the hash chain.
 *
 * @param diff JSON array of {@code {op, path, from, value}}, or an empty array
 */
public record AuditEntry(
        String source,
        String commit,
        String commitAuthor,
        String commitMessage,
        Integer pullRequest,
        List<String> approvedBy,
        String trigger,
        AuditEvent.ResourceRef resource,
        String backend,
        String action,
        JsonNode diff,
        String outcome,
        String error,
        long durationMs) {

    public AuditEntry {
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
    }
}
