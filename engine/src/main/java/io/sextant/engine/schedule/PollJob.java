package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The poll of one source: only enqueues a reconcile, which costs one ls-remote when the branch has
 * not moved. Quartz instantiates it; Spring injects the reconciler.
 */
@DisallowConcurrentExecution
public class PollJob implements Job {

    static final String SOURCE = "source";

    private final Reconciler reconciler;

    public PollJob(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void execute(JobExecutionContext context) {
        reconciler.request(context.getMergedJobDataMap().getString(SOURCE), Trigger.POLL);
    }
}
