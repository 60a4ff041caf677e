package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.ReconcileDispatcher;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import java.time.Instant;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Clustered mode ({@code sextant.cluster.enabled}, the {@code postgres} profile): every trigger becomes
 * a one-shot Quartz trigger of the source's {@link ReconcileJob}, stored in the shared job store.
 */
@Component
@ConditionalOnProperty(name = "sextant.cluster.enabled", havingValue = "true")
class ClusterDispatcher implements ReconcileDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ClusterDispatcher.class);

    private final Scheduler scheduler;

    ClusterDispatcher(Scheduler scheduler, Reconciler reconciler, SourceRegistry sources) throws SchedulerException {
        this.scheduler = scheduler;
        for (WatchedSource source : sources.all()) {
            SharedJobs.addJob(scheduler, JobBuilder.newJob(ReconcileJob.class)
                    .withIdentity(jobKey(source.name()))
                    .usingJobData(ReconcileJob.SOURCE, source.name())
                    .usingJobData(ReconcileJob.TRIGGER, Trigger.POLL.name())
                    .storeDurably()
                    .requestRecovery()
                    .build());
        }
        reconciler.useDispatcher(this);
        log.info("clustered mode: reconciles run as Quartz jobs shared by every replica");
    }

    static JobKey jobKey(String source) {
        return JobKey.jobKey("reconcile-" + source, "sextant");
    }

    @Override
    public void dispatch(String source, Trigger trigger, String driftBackend) {
        JobDataMap data = new JobDataMap();
        data.put(ReconcileJob.TRIGGER, trigger.name());
        if (driftBackend != null) {
            data.put(ReconcileJob.DRIFT_BACKEND, driftBackend);
        }
        try {
            scheduler.scheduleJob(TriggerBuilder.newTrigger().forJob(jobKey(source)).usingJobData(data).startNow()
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot enqueue a reconcile of source '" + source + "': " + e.getMessage(), e);
        }
    }

    /**
     * One shared retry trigger per source: whichever replica's run found a resource backing off, the
     * cluster polls the source once when the earliest backoff ends.
     */
    @Override
    public void dispatchAt(String source, Instant at) {
        TriggerKey key = TriggerKey.triggerKey("retry-" + source, "sextant-retry");
        try {
            org.quartz.Trigger existing = scheduler.getTrigger(key);
            if (existing != null && existing.getNextFireTime() != null
                    && !existing.getNextFireTime().toInstant().isAfter(at)) {
                return;
            }
            org.quartz.Trigger retry = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey(source))
                    .usingJobData(ReconcileJob.TRIGGER, Trigger.POLL.name()).startAt(Date.from(at)).build();
            if (existing == null) {
                scheduler.scheduleJob(retry);
            } else {
                scheduler.rescheduleJob(key, retry);
            }
        } catch (SchedulerException e) {
            // The next poll retries instead; a retry is an optimisation of when, not of whether.
            log.warn("source {}: cannot schedule the retry at {}: {}", source, at, e.getMessage());
        }
    }
}
