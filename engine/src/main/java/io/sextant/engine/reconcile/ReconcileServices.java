package io.sextant.engine.reconcile;

import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePositions;
import io.sextant.spec.SpecValidator;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every reconcile run works with.
 *
 * @param clock   the time backoffs are measured in (tests move it)
 * @param backoff how long a failing resource or Git source waits before its next attempt
 * @param rollouts whether a step goes through progressive delivery instead of applying at once
 * @param suspensions which resources and sources are suspended: their changes are held, whatever made them
 * @param windows  whether a step waits for a sync window
 */
record ReconcileServices(BackendRegistry backends, ResourceTracker tracker, AuditStore audit,
                         SourcePositions positions, DesiredStateLoader loader, Assessor assessor,
                         StepExecutor executor, SpecValidator validator, List<CommitGate> gates, ApplicationEventPublisher events,
                         SyncJournal journal, TransactionTemplate transactions, JournalRecovery recovery,
                         BackendCalls calls, Clock clock, Backoff backoff, RandomGenerator random,
                         RolloutGate rollouts, SuspensionGate suspensions,
                         WindowGate windows) {}
