package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.Reconciler;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The drift scan of one backend: enqueues it with every source that has resources there. */
@DisallowConcurrentExecution
public class DriftJob implements Job {

    static final String BACKEND = "backend";

    private final Reconciler reconciler;

    public DriftJob(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void execute(JobExecutionContext context) {
        reconciler.requestDrift(context.getMergedJobDataMap().getString(BACKEND));
    }
}
