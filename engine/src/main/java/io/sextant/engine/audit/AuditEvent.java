package io.sextant.engine.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the append-only audit log, exactly the shape of DESIGN.md section 6 (Contract).
 * Built by {@link AuditStore#append}; {@code id}, {@code time}, {@code prevHash} and {@code hash} are
 * assigned there.
 *
 * <p>{@code modelRevision} is the revision of the model a succeeded change of a model-serving resource
 * deployed: as the backend reports it when it does, else the spec's revision; absent otherwise.
 *
 * <p>Nulls are always serialised: the contract shows {@code "error": null}, and the hash chain covers the
 * served JSON, so a global {@code spring.jackson.default-property-inclusion} must not change it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEvent(
        long id,
        String time,
        String source,
        String commit,
        String commitAuthor,
        String commitMessage,
        Integer pullRequest,
        List<String> approvedBy,
        String trigger,
        ResourceRef resource,
        String backend,
        String action,
        JsonNode diff,
        String outcome,
        String error,
        long durationMs,
        String prevHash,
        String hash,
        @JsonInclude(JsonInclude.Include.NON_NULL) Signer signedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Actor actor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelRevision) {

    /**
     * An event without a model revision (see {@code modelRevision}): events written before the member
     * existed, and those of changes that deploy no model, hash exactly as they did.
     */
    public AuditEvent(long id, String time, String source, String commit, String commitAuthor, String commitMessage,
                      Integer pullRequest, List<String> approvedBy, String trigger, ResourceRef resource,
                      String backend, String action, JsonNode diff, String outcome, String error, long durationMs,
                      String prevHash, String hash, Signer signedBy, Actor actor) {
        this(id, time, source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource,
                backend, action, diff, outcome, error, durationMs, prevHash, hash, signedBy, actor, null);
    }

    /**
     * An event of a commit whose signature was not verified (or before signers were recorded): no
     * {@code signedBy} member at all, so events written before it existed hash exactly as they did.
     */
    public AuditEvent(long id, String time, String source, String commit, String commitAuthor, String commitMessage,
                      Integer pullRequest, List<String> approvedBy, String trigger, ResourceRef resource,
                      String backend, String action, JsonNode diff, String outcome, String error, long durationMs,
                      String prevHash, String hash) {
        this(id, time, source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource,
                backend, action, diff, outcome, error, durationMs, prevHash, hash, null, null);
    }

    /** An event without an actor: one the engine made on its own, not a person's manual action. */
    public AuditEvent(long id, String time, String source, String commit, String commitAuthor, String commitMessage,
                      Integer pullRequest, List<String> approvedBy, String trigger, ResourceRef resource,
                      String backend, String action, JsonNode diff, String outcome, String error, long durationMs,
                      String prevHash, String hash, Signer signedBy) {
        this(id, time, source, commit, commitAuthor, commitMessage, pullRequest, approvedBy, trigger, resource,
                backend, action, diff, outcome, error, durationMs, prevHash, hash, signedBy, null);
    }

    /**
     * Who asked for a manual action: the person's subject and e-mail from the single sign-on provider, or the
     * engine token used ({@code admin token}). Like {@code signedBy}, present only when there is one, so events
     * written before it existed hash exactly as they did.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Actor(String subject, String email) {}

    /**
     * Who signed the commit, as the signature gate verified it.
     *
     * @param fingerprint the signing key: an OpenPGP fingerprint (hex) or an SSH {@code SHA256:...} fingerprint
     * @param principal   who the trusted keys say the key belongs to (OpenPGP user id, allowed_signers principal)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Signer(String fingerprint, String principal) {}

    /** The resource an event is about. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResourceRef(String kind, String namespace, String name) {}
}
