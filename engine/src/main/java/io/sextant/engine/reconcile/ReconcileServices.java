package io.sextant.engine.reconcile;

import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.StatusRepository;
import io.sextant.spec.api.SpecValidator;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/** What every reconcile run works with. */
record ReconcileServices(BackendRegistry backends, ResourceTracker tracker, AuditStore audit,
                         StatusRepository positions, DesiredStateLoader loader, Assessor assessor,
                         StepExecutor executor, SpecValidator validator, List<CommitGate> gates, ApplicationEventPublisher events,
                         SyncJournal journal, TransactionTemplate transactions, JournalRecovery recovery,
                         BackendCalls calls) {}
