package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.SyncJournal.JournaledPlan;
import io.sextant.engine.reconcile.SyncJournal.OpenStep;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finishes plans an earlier engine process left open (killed mid-sync). Each open step is
 * re-observed, never blindly re-applied: a step the backend already took gets its one audit event
 * now; a step it never took is closed without one, and the start-up reconcile that follows plans
 * and applies it afresh (with its own event). So no step is applied twice and none loses its event.
 */
@Component
public class JournalRecovery {

    private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);

    private final SyncJournal journal;
    private final BackendRegistry backends;
    private final AuditStore audit;
    private final TransactionTemplate transactions;
    private final DriftDetector detector;

    public JournalRecovery(SyncJournal journal, BackendRegistry backends, AuditStore audit,
                           PlatformTransactionManager transactionManager, DriftDetector detector) {
        this.detector = detector;
        this.journal = journal;
        this.backends = backends;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Closes every open step of a source; returns how many had been applied before the crash. Runs at
     * the start of each reconcile of the source, so that only steps of a dead run are open.
     */
    public int recover(String source) {
        Map<Long, JournaledPlan> plans = new HashMap<>();
        int applied = 0;
        for (OpenStep step : journal.openSteps(source)) {
            JournaledPlan plan = plans.computeIfAbsent(step.planId(), journal::plan);
            boolean took = alreadyApplied(step);
            transactions.executeWithoutResult(tx -> {
                if (took) {
                    audit.append(entry(plan, step));
                }
                journal.done(step.planId(), step.index());
            });
            if (took) {
                applied++;
            }
            log.info("source={} commit={} resource={} backend={} recovered open step: {}", plan.source(),
                    plan.commit().id().substring(0, 7), step.key(), step.backend(),
                    took ? "already applied, recorded" : "not applied, left to the next reconcile");
        }
        return applied;
    }

    private boolean alreadyApplied(OpenStep step) {
        Optional<Applier> applier = backends.find(step.backend());
        if (applier.isEmpty()) {
            return false;
        }
        try {
            Optional<ObservedResource> live = applier.get().observe(step.key());
            if (step.action() == Action.DELETE) {
                return live.isEmpty();
            }
            return live.isPresent() && step.desired() != null
                    && detector.diff(applier.get().type(), step.key(), step.desired(), live.get().manifest()).isEmpty();
        } catch (BackendException e) {
            log.warn("cannot re-observe {} on {} ({}); the next reconcile decides", step.key(), step.backend(),
                    e.getMessage());
            return false;
        }
    }

    private static AuditEntry entry(JournaledPlan plan, OpenStep step) {
        String action = step.drift() ? "drift-corrected" : step.action().apiName();
        return new AuditEntry(plan.source(), plan.commit().id(), plan.commit().author(), plan.commit().message(),
                plan.verdict().pullRequest(), plan.verdict().approvedBy(), plan.trigger(),
                new AuditEvent.ResourceRef(step.key().kind().apiName(), step.key().namespace(), step.key().name()),
                step.backend(), action, step.diff(), "succeeded", null, 0);
    }
}
