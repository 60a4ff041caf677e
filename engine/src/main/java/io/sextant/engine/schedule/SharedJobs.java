package io.sextant.engine.schedule;

import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

/**
 * Stores jobs and triggers that every replica stores at start-up (the same keys) in the shared job store.
 * Quartz checks whether a job or trigger exists and then inserts it, and for these calls from application
 * threads the two are not atomic across replicas: replicas starting together can both find nothing, and
 * the later insert fails on the database's unique key (seen in ClusterFailoverTest: {@code duplicate key
 * value violates unique constraint "qrtz_triggers_pkey"}, which stopped that replica at start-up). Such a
 * replica lost a race and met no error: the row is there now, so the write is made again, this time as a
 * replacement.
 */
final class SharedJobs {

    private static final int ATTEMPTS = 3;

    private SharedJobs() {
    }

    /** Adds {@code job}, replacing a stored job of the same key. */
    static void addJob(Scheduler scheduler, JobDetail job) throws SchedulerException {
        for (int attempt = 1; ; attempt++) {
            try {
                scheduler.addJob(job, true);
                return;
            } catch (JobPersistenceException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Schedules {@code trigger}, replacing a stored trigger of the same key. */
    static void putTrigger(Scheduler scheduler, Trigger trigger) throws SchedulerException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (scheduler.checkExists(trigger.getKey())) {
                    scheduler.rescheduleJob(trigger.getKey(), trigger);
                } else {
                    scheduler.scheduleJob(trigger);
                }
                return;
            } catch (JobPersistenceException raced) { // ObjectAlreadyExistsException is one too
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }
}
