package io.sextant.engine.schedule;

import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.security.Redaction;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, reconciles every source once and schedules with Quartz each source's poll and each
 * backend's drift scan ({@code sextant.drift.interval}).
 */
@Component
class PollScheduler {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final Scheduler scheduler;
    private final SourceRegistry sources;
    private final Reconciler reconciler;
    private final BackendRegistry backends;
    private final SextantProperties properties;
    private final boolean clustered;

    PollScheduler(Scheduler scheduler, SourceRegistry sources, Reconciler reconciler, BackendRegistry backends,
                  SextantProperties properties) {
        this.scheduler = scheduler;
        this.sources = sources;
        this.reconciler = reconciler;
        this.backends = backends;
        this.properties = properties;
        this.clustered = properties.cluster().enabled();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws SchedulerException {
        reconciler.requestAll(Trigger.POLL);
        for (WatchedSource source : sources.all()) {
            // In a cluster the poll fires the source's shared reconcile job itself, so that polls, webhooks
            // and manual syncs of a source never run on two replicas at once.
            JobDetail job = clustered
                    ? JobBuilder.newJob(ReconcileJob.class).withIdentity(ClusterDispatcher.jobKey(source.name()))
                            .usingJobData(ReconcileJob.SOURCE, source.name())
                            .usingJobData(ReconcileJob.TRIGGER, Trigger.POLL.name())
                            .storeDurably().requestRecovery().build()
                    : JobBuilder.newJob(PollJob.class)
                            .withIdentity(JobKey.jobKey("poll-" + source.name(), "sextant"))
                            .usingJobData(PollJob.SOURCE, source.name())
                            .storeDurably()
                            .build();
            long interval = Math.max(1000, source.properties().pollInterval().toMillis());
            schedule(job, TriggerKey.triggerKey("poll-" + source.name(), "sextant"), interval);
            log.info("source {}: polling {} ({}) every {}", source.name(), Redaction.url(source.properties().url()),
                    source.properties().branch(), source.properties().pollInterval());
        }
        long drift = Math.max(1000, properties.drift().interval().toMillis());
        for (String backend : backends.names()) {
            JobDetail job = JobBuilder.newJob(DriftJob.class)
                    .withIdentity(JobKey.jobKey("drift-" + backend, "sextant"))
                    .usingJobData(DriftJob.BACKEND, backend)
                    .storeDurably()
                    .build();
            schedule(job, TriggerKey.triggerKey("drift-" + backend, "sextant"), drift);
        }
        log.info("drift scans of {} every {}", backends.names(), properties.drift().interval());
    }

    private void schedule(JobDetail job, TriggerKey key, long intervalMillis) throws SchedulerException {
        org.quartz.Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(new java.util.Date(System.currentTimeMillis() + intervalMillis))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(intervalMillis)
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        SharedJobs.addJob(scheduler, job); // every replica stores the same job and trigger at start-up
        SharedJobs.putTrigger(scheduler, trigger);
    }
}
