package io.sextant.engine.reconcile;

import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditQuery;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.policy.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audits changes that namespace allow-lists block: one {@code blocked} event per resource and commit, its
 * {@code error} naming each rule and field at fault. The audit log itself is the record of what was already
 * said, so a manual sync, a restart or another replica re-running the same commit writes nothing again.
 */
final class PolicyBlocks {

    private static final Logger log = LoggerFactory.getLogger(PolicyBlocks.class);
    private static final String BLOCKED = "blocked";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyBlocks() {
    }

    /** Whether {@code error} is an allow-list violation (it names its rule as {@code [policy <rule>]}). */
    static boolean isPolicy(SpecError error) {
        return error.message().contains(" [" + Violation.MARK);
    }

    /**
     * Records a {@code blocked} event for each resource of {@code statuses} that policy blocks at
     * {@code commit} and has none yet.
     *
     * @param backendOf the backend each resource would live on, or null
     */
    static void record(ReconcileServices services, String source, CommitInfo commit, Trigger trigger,
                       Map<ResourceKey, TrackedResource> statuses, List<SpecError> errors,
                       java.util.function.Function<ResourceKey, String> backendOf) {
        Map<ResourceKey, List<SpecError>> violations = errors.stream()
                .filter(e -> e.resource() != null && isPolicy(e))
                .collect(Collectors.groupingBy(SpecError::resource));
        statuses.forEach((key, status) -> {
            List<SpecError> found = violations.get(key);
            if (status == null || status.operation() != OperationStatus.BLOCKED || found == null
                    || !services.audit().find(new AuditQuery(commit.id(), key.kind().apiName(), key.namespace(),
                    key.name(), BLOCKED, 1)).isEmpty()) {
                return;
            }
            String backend = status.backend() != null ? status.backend() : backendOf.apply(key);
            String error = found.stream().map(SpecError::toString).collect(Collectors.joining("; "));
            AuditEvent event = services.audit().append(new AuditEntry(source, commit.id(), commit.author(),
                    commit.message(), null, List.of(), trigger.apiName(),
                    new AuditEvent.ResourceRef(key.kind().apiName(), key.namespace(), key.name()), backend, BLOCKED,
                    JSON.createArrayNode(), BLOCKED, error, 0));
            services.events().publishEvent(new AuditRecorded(event));
            log.info("source={} commit={} resource={} backend={} action=blocked outcome=blocked error={}", source,
                    commit.id().substring(0, 7), key, backend, error);
        });
    }
}
