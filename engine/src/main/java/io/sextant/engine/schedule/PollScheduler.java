package io.sextant.engine.schedule;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
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

/** At start-up, reconciles every source once and schedules each source's poll with Quartz. */
@Component
class PollScheduler {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final Scheduler scheduler;
    private final SourceRegistry sources;
    private final Reconciler reconciler;

    PollScheduler(Scheduler scheduler, SourceRegistry sources, Reconciler reconciler) {
        this.scheduler = scheduler;
        this.sources = sources;
        this.reconciler = reconciler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws SchedulerException {
        reconciler.requestAll(Trigger.POLL);
        for (WatchedSource source : sources.all()) {
            JobDetail job = JobBuilder.newJob(PollJob.class)
                    .withIdentity(JobKey.jobKey("poll-" + source.name(), "sextant"))
                    .usingJobData(PollJob.SOURCE, source.name())
                    .storeDurably()
                    .build();
            long interval = Math.max(1000, source.properties().pollInterval().toMillis());
            org.quartz.Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(TriggerKey.triggerKey("poll-" + source.name(), "sextant"))
                    .forJob(job)
                    .startAt(new java.util.Date(System.currentTimeMillis() + interval))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(interval)
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.addJob(job, true);
            if (scheduler.checkExists(trigger.getKey())) {
                scheduler.rescheduleJob(trigger.getKey(), trigger);
            } else {
                scheduler.scheduleJob(trigger);
            }
            log.info("source {}: polling {} ({}) every {}", source.name(), source.properties().url(),
                    source.properties().branch(), source.properties().pollInterval());
        }
    }
}
