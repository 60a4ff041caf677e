package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import java.time.Duration;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

/**
 * In a cluster, the reconcile of one source, run by Quartz on whichever replica fires it. There is
 * one durable job per source; {@code @DisallowConcurrentExecution} on a clustered JDBC job store
 * makes it run on one replica at a time across the cluster, and requests-recovery makes another
 * replica run it again when the one running it dies (the run first closes the dead run's journal).
 * Quartz lets that exclusion lapse while it recovers a dead replica's jobs, so the run also holds the
 * source's database lock ({@link SourceRunLocks}); a trigger that finds it taken fires again shortly.
 */
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    static final String SOURCE = "source";
    static final String TRIGGER = "trigger";
    static final String DRIFT_BACKEND = "driftBackend";

    /** How long a trigger that found the source's run in progress waits before it fires again. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final Reconciler reconciler;
    private final SourceRunLocks locks;

    public ReconcileJob(Reconciler reconciler, SourceRunLocks locks) {
        this.reconciler = reconciler;
        this.locks = locks;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String source = data.getString(SOURCE);
        Trigger trigger = Trigger.valueOf(data.getString(TRIGGER));
        String driftBackend = data.getString(DRIFT_BACKEND);
        if (locks.runExclusively(source, () -> reconciler.runNow(source, trigger, driftBackend))) {
            return;
        }
        // Another replica runs this source now. Its run may predate what this trigger asks for, so the
        // trigger is not dropped: it fires again once that run has had time to finish.
        JobDataMap again = new JobDataMap();
        again.put(TRIGGER, trigger.name());
        if (driftBackend != null) {
            again.put(DRIFT_BACKEND, driftBackend);
        }
        try {
            context.getScheduler().scheduleJob(TriggerBuilder.newTrigger().forJob(context.getJobDetail().getKey())
                    .usingJobData(again).startAt(new Date(System.currentTimeMillis() + BUSY_RETRY.toMillis()))
                    .build());
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot re-enqueue the reconcile of source '" + source
                    + "' that found another run in progress: " + e.getMessage(), e);
        }
    }
}
