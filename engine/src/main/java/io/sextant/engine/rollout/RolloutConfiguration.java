package io.sextant.engine.rollout;

import io.sextant.engine.schedule.SourceRunLocks;
import org.springframework.beans.factory.ObjectProvider;

import io.sextant.drift.api.DriftDetector;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.SuspensionGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.rollback.Rollbacks;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.spec.api.Kinds;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rollout controller and the timer that moves rollouts on. */
@Configuration(proxyBeanMethods = false)
class RolloutConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RolloutConfiguration.class);

    @Bean
    RolloutController rolloutController(Kinds kinds, ResourceTracker tracker, JdbcClient jdbc, BackendRegistry backends,
                                        AuditStore audit, ApplicationEventPublisher events, AnalysisService analyses,
                                        Clock clock, ObjectProvider<SourceRunLocks> clusterLocks,
                                        DriftDetector detector, ObjectProvider<SuspensionGate> suspensions,
                                        Rollbacks rollbacks, MeterRegistry meters) {
        // In a cluster every replica's timer ticks; a rollout moves on only under its database lock.
        SourceRunLocks locks = clusterLocks.getIfAvailable();
        RolloutController.Exclusive exclusive = locks == null ? RolloutController.Exclusive.IN_PROCESS
                : (name, work) -> locks.runExclusively("rollout", name, work);
        RolloutStore store = new RolloutStore(jdbc);
        return new RolloutController(kinds, tracker, store,
                new RolloutActions(backends, tracker, audit, events, clock,
                        new RouteShift(backends, tracker, kinds, detector)), analyses, clock, exclusive,
                new CapacityCheck(backends), suspensions.getIfAvailable(() -> SuspensionGate.NONE), rollbacks,
                new RolloutMetrics(meters, store));
    }

    @Bean
    ProgressDeadlines progressDeadlines(RolloutProperties properties, Clock clock) {
        // No tracker here: the tracker takes this verdict, and the timer below asks it to rejudge.
        return new ProgressDeadlines(properties.progressDeadline(), clock);
    }

    /**
     * One daemon thread; none when {@code sextant.rollout.tick} is 0s. Not a bare executor bean: Spring's
     * scheduling would take a lone {@code ScheduledExecutorService} bean as its own.
     */
    @Bean
    RolloutTimer rolloutTimer(RolloutProperties properties, RolloutController controller,
                              ResourceTracker tracker, Rollbacks rollbacks) {
        return new RolloutTimer(properties.tick(), () -> {
            controller.advance();
            tracker.rejudge(); // deadlines passed since the last write of a status
            rollbacks.retryDue(); // a revert the Git server or host refused earlier
        });
    }

    /** Calls {@link RolloutController#advance()} every tick until the engine stops. */
    static final class RolloutTimer implements DisposableBean {

        private final ScheduledExecutorService timer;

        RolloutTimer(Duration tick, Runnable work) {
            if (tick.isZero()) {
                this.timer = null;
                return;
            }
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sextant-rollout-tick");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("rollout tick failed: {}", e.toString());
                }
            }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void destroy() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
