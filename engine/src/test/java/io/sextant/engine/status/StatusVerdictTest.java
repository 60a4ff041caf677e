package io.sextant.engine.status;

import static io.sextant.engine.status.ResourceTrackerTest.DB;
import static io.sextant.engine.status.ResourceTrackerTest.key;
import static io.sextant.engine.status.ResourceTrackerTest.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusVerdict}s in the {@link ResourceTracker}, on a real database: a verdict holds for every writer, and
 * the timer's rejudge never writes a status made from a stale read over one recorded meanwhile.
 */
class StatusVerdictTest {

    private final AtomicBoolean deadlinePassed = new AtomicBoolean();
    private final AtomicReference<Runnable> duringJudge = new AtomicReference<>(() -> { });

    @BeforeEach
    void emptyDatabase() {
        DB.clear();
    }

    /** "Past the deadline and not Healthy: Degraded", once {@link #deadlinePassed} is set. */
    private ResourceTracker tracker() {
        StatusVerdict deadline = s -> {
            duringJudge.getAndSet(() -> { }).run();
            return !deadlinePassed.get() || s.health() == Health.HEALTHY ? s : with(s, Health.DEGRADED, "too late");
        };
        return new ResourceTracker(new StatusRepository(DB.jdbc, DB.template, DB.transactions), e -> { },
                List.of(deadline));
    }

    private static TrackedResource with(TrackedResource s, Health health, String message) {
        return new TrackedResource(s.key(), s.source(), s.backend(), s.sync(), health, s.operation(), message,
                s.desiredRevision(), s.appliedRevision(), s.lastSyncedAt(), s.desired(), s.observed(), s.diff(),
                s.driftReported(), s.appliedDigest(), s.failure());
    }

    private static TrackedResource progressing(String name) {
        return with(synced(name), Health.PROGRESSING, "2 of 3 replicas ready");
    }

    @Test
    void anObservationWrittenAfterTheDeadlineIsRecordedWithTheVerdict() {
        ResourceTracker tracker = tracker();
        tracker.put(progressing("a"));
        deadlinePassed.set(true);

        tracker.put(progressing("a")); // the reconciler's next look, the backend still saying Progressing

        assertThat(tracker.find(key("a")).orElseThrow().health()).isEqualTo(Health.DEGRADED);
        assertThat(tracker().find(key("a")).orElseThrow().message()).as("as stored").isEqualTo("too late");
    }

    @Test
    void rejudgingKeepsAHealthyStatusWrittenWhileItJudgedAStaleOne() {
        ResourceTracker tracker = tracker();
        tracker.put(progressing("a"));
        deadlinePassed.set(true);
        // The reconciler records the backend's Healthy between the timer's read of "a" and its write.
        duringJudge.set(() -> tracker.put(synced("a")));

        tracker.rejudge();

        assertThat(tracker.find(key("a")).orElseThrow().health()).isEqualTo(Health.HEALTHY);
        assertThat(tracker().find(key("a")).orElseThrow().health()).as("as stored").isEqualTo(Health.HEALTHY);
    }

    @Test
    void rejudgingMarksWhatTheDeadlineHasPassedAndLeavesHealthyResourcesAlone() {
        ResourceTracker tracker = tracker();
        tracker.putAll(List.of(progressing("a"), synced("b")));
        deadlinePassed.set(true);

        tracker.rejudge();

        assertThat(tracker().find(key("a")).orElseThrow().message()).isEqualTo("too late");
        assertThat(tracker.find(key("b")).orElseThrow()).isEqualTo(synced("b"));
    }

    @Test
    void rejudgingKeepsAHealthyStatusAnotherReplicaStoredMeanwhile() {
        ResourceTracker mine = tracker();
        mine.put(progressing("a"));
        ResourceTracker other = tracker(); // another replica, started from the same table
        other.put(synced("a")); // its reconcile found "a" Healthy; this replica has not reloaded the source
        deadlinePassed.set(true);

        mine.rejudge();

        assertThat(tracker().find(key("a")).orElseThrow().health()).as("as stored").isEqualTo(Health.HEALTHY);
    }
}
