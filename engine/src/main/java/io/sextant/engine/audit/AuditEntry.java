package io.sextant.engine.audit;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a caller records; the store adds id, time and the hash chain.
 *
 * @param diff JSON array of {@code {op, path, from, value}}, or an empty array
 * @param signedBy who signed the commit, when the signature gate verified it; otherwise null
 * @param actor    who asked for a manual action; null for what the engine does on its own
 * @param modelRevision the model revision a succeeded change deployed; null when none is known or it deployed no model
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
        long durationMs,
        AuditEvent.Signer signedBy,
        AuditEvent.Actor actor,
        String modelRevision) {

    public AuditEntry {
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
    }

    /** An entry without a model revision. */
    public AuditEntry(String source, String commit, String commitAuthor, String commitMessage, Integer pullRequest,
                      List<String> approvedBy, String trigger, AuditEvent.ResourceRef resource, String backend,
                      String action, JsonNode diff, String outcome, String error, long durationMs,
                      AuditEvent.Signer signedBy, AuditEvent.Actor actor) {
        this(source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource, backend, action,
                diff, outcome, error, durationMs, signedBy, actor, null);
    }

    /** This entry recording the model revision it deployed. */
    public AuditEntry withModelRevision(String revision) {
        return new AuditEntry(source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource,
                backend, action, diff, outcome, error, durationMs, signedBy, actor, revision);
    }

    /** An entry of a commit with no verified signer. */
    public AuditEntry(String source, String commit, String commitAuthor, String commitMessage, Integer pullRequest,
                      List<String> approvedBy, String trigger, AuditEvent.ResourceRef resource, String backend,
                      String action, JsonNode diff, String outcome, String error, long durationMs) {
        this(source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource, backend, action,
                diff, outcome, error, durationMs, null, null, null);
    }

    /** An entry of the engine's own (no actor), with the commit's verified signer or null. */
    public AuditEntry(String source, String commit, String commitAuthor, String commitMessage, Integer pullRequest,
                      List<String> approvedBy, String trigger, AuditEvent.ResourceRef resource, String backend,
                      String action, JsonNode diff, String outcome, String error, long durationMs,
                      AuditEvent.Signer signedBy) {
        this(source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource, backend, action,
                diff, outcome, error, durationMs, signedBy, null, null);
    }
}
