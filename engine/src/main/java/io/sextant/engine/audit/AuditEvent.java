package io.sextant.engine.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the append-only audit log, exactly the shape of DESIGN.md section 6 (Contract).
 * Built by {@link AuditStore#append}; {@code id}, {@code time}, {@code prevHash} and {@code hash} are
 * assigned there.
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
        String hash) {

    /** The resource an event is about. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResourceRef(String kind, String namespace, String name) {}
}
