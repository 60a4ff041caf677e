package io.sextant.engine.suspend;

import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Suspends and resumes, each audited once ({@code suspend}/{@code resume}) with who did it. The suspension and
 * its event are stored in one transaction: the log never tells of a suspension that does not hold, or the
 * reverse. Resuming asks for a reconcile of the source at once, so what waited is applied without waiting for
 * the next poll (recorded as trigger {@code poll}: it is the work that poll would do).
 */
@Component
public final class SuspendActions {

    /** Who acted: the person, or the engine's admin token (which names nobody). */
    public static final AuditEvent.Actor ADMIN_TOKEN = new AuditEvent.Actor("admin-token", null);

    private final SuspensionStore store;
    private final AuditStore audit;
    private final ApplicationEventPublisher events;
    private final Reconciler reconciler;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SuspendActions(SuspensionStore store, AuditStore audit, ApplicationEventPublisher events, Reconciler reconciler,
                   PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.events = events;
        this.reconciler = reconciler;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Suspends {@code target} of {@code source}; suspending what is already suspended changes nothing and
     * records nothing. Returns the suspension in force.
     *
     * @param backend the resource's backend, for the audit event; null for a source
     */
    public Suspension suspend(Suspension.Target target, String source, String backend, AuditEvent.Actor actor,
                              String reason) {
        Suspension wanted = new Suspension(target, actor.email() != null ? actor.email() : actor.subject(),
                clock.instant(), reason);
        return transactions.execute(tx -> {
            SuspensionStore.Stored stored = store.add(wanted);
            if (stored.added()) {
                record(target, source, backend, actor, "suspend", change("add", stored.suspension()));
            }
            return stored.suspension();
        });
    }

    /**
     * Resumes {@code target}: audited and followed by a reconcile of {@code source} when it was suspended;
     * resuming what is not suspended changes nothing. Returns whether it was suspended.
     */
    public boolean resume(Suspension.Target target, String source, String backend, AuditEvent.Actor actor) {
        Boolean resumed = transactions.execute(tx -> store.remove(target).map(was -> {
            record(target, source, backend, actor, "resume", change("remove", was));
            return true;
        }).orElse(false));
        if (Boolean.TRUE.equals(resumed)) {
            reconciler.request(source, Trigger.POLL);
        }
        return Boolean.TRUE.equals(resumed);
    }

    private void record(Suspension.Target target, String source, String backend, AuditEvent.Actor actor,
                        String action, JsonNode diff) {
        AuditEvent.ResourceRef ref = target instanceof Suspension.OfResource r ? ref(r.key()) : null;
        AuditEvent event = audit.append(new AuditEntry(source, null, null, null, null, List.of(),
                Trigger.MANUAL.apiName(), ref, backend, action, diff, "succeeded", null, 0, null, actor));
        events.publishEvent(new AuditRecorded(event));
    }

    private static AuditEvent.ResourceRef ref(ResourceKey key) {
        return new AuditEvent.ResourceRef(key.kind().apiName(), key.namespace(), key.name());
    }

    /**
     * The event's diff: the suspension added or removed, as a JSON Patch-like operation on {@code /suspended},
     * so the reason travels in the hash-chained event without a new field.
     */
    private static JsonNode change(String op, Suspension s) {
        ArrayNode diff = JsonNodeFactory.instance.arrayNode();
        ObjectNode value = JsonNodeFactory.instance.objectNode()
                .put("suspendedBy", s.suspendedBy()).put("suspendedAt", s.suspendedAt().toString());
        if (s.reason() != null) {
            value.put("reason", s.reason());
        }
        ObjectNode entry = diff.addObject().put("op", op).put("path", "/suspended");
        entry.set(op.equals("add") ? "value" : "from", value);
        return diff;
    }
}
