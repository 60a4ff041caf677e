package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * In a cluster, the reconcile of one source, run by Quartz on whichever replica fires it. There is
 * one durable job per source; {@code @DisallowConcurrentExecution} on a clustered JDBC job store
 * makes it run on one replica at a time across the cluster, and requests-recovery makes another
 * replica run it again when the one running it dies (the run first closes the dead run's journal).
 */
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    static final String SOURCE = "source";
    static final String TRIGGER = "trigger";
    static final String DRIFT_BACKEND = "driftBackend";

    private final Reconciler reconciler;

    public ReconcileJob(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void execute(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        Trigger trigger = Trigger.valueOf(data.getString(TRIGGER));
        reconciler.runNow(data.getString(SOURCE), trigger, data.getString(DRIFT_BACKEND));
    }
}
