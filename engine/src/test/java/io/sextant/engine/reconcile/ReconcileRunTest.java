package io.sextant.engine.reconcile;

import static io.sextant.engine.reconcile.Core.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SyncStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stages of one {@link ReconcileRun}, built by hand on fakes of the SPIs: fetch (one ls-remote when
 * nothing moved; Git failures back off), load (drift scans load forward to the newest commit the cluster
 * knows), observe (a resource backing off waits for its next attempt), and publishing the source's state.
 */
class ReconcileRunTest {

    static final TestDatabase DB = TestDatabase.migrated();

    Core core;

    @BeforeEach
    void freshCore() {
        core = new Core(DB);
    }

    @Test
    void aFirstRunCreatesEveryResourceWithOneEventEachAndRecordsThePosition() {
        String commit = core.pushDeployments("two models", Map.of("a", 1, "b", 2));

        core.run(Trigger.POLL);

        assertThat(core.auditTrail()).containsExactlyInAnyOrder("create a succeeded", "create b succeeded");
        assertThat(core.status("a").sync()).isEqualTo(SyncStatus.SYNCED);
        assertThat(core.status("a").appliedRevision()).isEqualTo(commit);
        SourcePosition stored = core.positions.load(Core.SOURCE);
        assertThat(stored.lastFetchedRevision()).isEqualTo(commit);
        assertThat(stored.lastSyncedRevision()).isEqualTo(commit);
        assertThat(core.finishedRuns()).extracting(f -> f.result()).containsExactly("synced");
    }

    @Test
    void anUnchangedPollCostsOneLsRemoteAndNothingElse() {
        core.pushDeployments("two models", Map.of("a", 1, "b", 2));
        core.run(Trigger.POLL);
        core.git.forgetCalls();
        core.backend.forgetCalls();
        int events = core.auditEvents().size();

        core.run(Trigger.POLL);

        assertThat(core.git.calls("lsRemote")).isEqualTo(1);
        assertThat(core.git.allCalls()).as("Git calls of an idle poll").isEqualTo(1);
        assertThat(core.backend.calls()).as("backend calls of an idle poll").isEmpty();
        assertThat(core.auditEvents()).hasSize(events);
        assertThat(core.finishedRuns()).extracting(f -> f.result()).containsExactly("synced", "skipped");
    }

    @Test
    void aGitFailureBacksOffPollsButNotWebhooksOrManualSyncs() {
        core.pushDeployments("one model", Map.of("a", 1));
        core.run(Trigger.POLL);
        String fixed = core.pushDeployments("scale", Map.of("a", 3));
        core.git.breakWith("connection refused: git.example.com");
        var began = core.clock.instant();

        core.run(Trigger.POLL);

        SourcePosition.GitFailure failure = core.state.snapshot().gitFailure();
        assertThat(failure.message()).isEqualTo("connection refused: git.example.com");
        assertThat(failure.since()).isEqualTo(began);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.nextAttemptAt()).isEqualTo(began.plusSeconds(5));
        assertThat(core.positions.load(Core.SOURCE).gitFailure()).as("stored for every replica").isEqualTo(failure);
        assertThat(core.state.snapshot().lastSynced().id()).as("the last good state is kept").isNotEqualTo(fixed);

        core.git.forgetCalls();
        core.clock.advance(Duration.ofSeconds(4));
        core.run(Trigger.POLL);
        assertThat(core.git.allCalls()).as("a poll within the backoff does not ask Git").isZero();

        core.run(Trigger.WEBHOOK);
        assertThat(core.git.calls("lsRemote")).as("a webhook asks Git at once").isEqualTo(1);
        core.run(Trigger.MANUAL);
        assertThat(core.git.calls("lsRemote")).as("so does a manual sync").isEqualTo(2);
        SourcePosition.GitFailure third = core.positions.load(Core.SOURCE).gitFailure();
        assertThat(third.attempts()).isEqualTo(3);
        assertThat(third.since()).as("since the first failure").isEqualTo(began);
        assertThat(third.nextAttemptAt()).isEqualTo(core.clock.instant().plusSeconds(20));

        core.git.heal();
        core.clock.advance(Duration.ofSeconds(21));
        core.run(Trigger.POLL);
        assertThat(core.state.snapshot().gitFailure()).isNull();
        assertThat(core.positions.load(Core.SOURCE).gitFailure()).isNull();
        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(fixed);
        assertThat(core.status("a").appliedRevision()).isEqualTo(fixed);
    }

    @Test
    void aDriftScanDoesNotClearAGitFailureItNeverAskedGitAbout() {
        core.pushDeployments("one model", Map.of("a", 1));
        core.run(Trigger.POLL);
        core.git.breakWith("authentication failed for 'https://git.example.com/fleet.git'");
        core.run(Trigger.MANUAL);
        SourcePosition.GitFailure failure = core.state.snapshot().gitFailure();
        assertThat(failure).isNotNull();

        core.driftScan();

        assertThat(core.state.snapshot().gitFailure()).as("still shown on the source").isEqualTo(failure);
        assertThat(core.positions.load(Core.SOURCE).gitFailure()).as("still stored").isEqualTo(failure);
    }

    @Test
    void aDriftScanOnAStaleReplicaLoadsTheNewestCommitFirstAndHealsNothing() {
        core.pushDeployments("one replica", Map.of("a", 1));
        core.run(Trigger.POLL);
        Core other = core.replica();
        String newer = core.pushDeployments("three replicas", Map.of("a", 3));
        other.run(Trigger.WEBHOOK); // another replica ran the source's latest run
        assertThat(core.backend.liveManifest(key("a")).orElseThrow().at("/spec/replicas").asInt()).isEqualTo(3);
        core.backend.forgetCalls();
        core.tracker.reload(Core.SOURCE); // as a clustered run does first

        core.driftScan();

        assertThat(core.state.snapshot().desired().commit().id()).as("loaded forward").isEqualTo(newer);
        assertThat(core.backend.writes()).as("nothing taken back to the replica's old copy").isEmpty();
        assertThat(core.auditTrail()).noneMatch(e -> e.startsWith("drift"));
        assertThat(core.status("a").sync()).isEqualTo(SyncStatus.SYNCED);
    }

    @Test
    void aResourceBackingOffIsNotObservedByPollsUntilItsNextAttemptButIsByAManualSync() {
        core.pushDeployments("one model", Map.of("a", 1));
        core.run(Trigger.POLL);
        core.pushDeployments("scale", Map.of("a", 2));
        core.backend.fail(Op.APPLY, FakeApplier.permanentError("400: replicas over the pool's limit"));
        core.run(Trigger.WEBHOOK);
        assertThat(core.status("a").nextAttemptAt()).isEqualTo(core.clock.instant().plusSeconds(5));

        core.backend.forgetCalls();
        core.clock.advance(Duration.ofSeconds(4));
        core.run(Trigger.POLL);
        assertThat(core.backend.calls()).as("within the backoff").isEmpty();

        core.clock.advance(Duration.ofSeconds(2));
        core.run(Trigger.POLL);
        assertThat(core.backend.calls(Op.APPLY)).as("due again").containsExactly(key("a"));
        assertThat(core.status("a").attempts()).isEqualTo(2);
        assertThat(core.status("a").nextAttemptAt()).isEqualTo(core.clock.instant().plusSeconds(10));

        core.backend.forgetCalls();
        core.backend.heal();
        core.run(Trigger.MANUAL);
        assertThat(core.backend.calls(Op.APPLY)).as("a manual sync does not wait").containsExactly(key("a"));
        assertThat(core.status("a").failure()).isNull();
        assertThat(core.auditTrail()).containsExactly("create a succeeded", "update a failed", "update a succeeded");
    }

    @Test
    void theSourceStateIsPublishedWholeOncePerRun() {
        core.git.push("one model and a broken file", Map.of("deploy/a.yaml", Core.deployment("a", 1),
                "deploy/b.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n"));
        core.run(Trigger.POLL);
        SourceSnapshot old = core.state.snapshot();
        assertThat(old.errors()).extracting(e -> e.file()).containsExactly("deploy/b.yaml");
        String fixed = core.git.push("fix b, scale a", Map.of("deploy/a.yaml", Core.deployment("a", 2),
                "deploy/b.yaml", Core.deployment("b", 1)));
        AtomicReference<SourceSnapshot> duringApply = new AtomicReference<>();
        core.backend.onWrite(key -> duringApply.compareAndSet(null, core.state.snapshot().reconciling(false)));

        core.run(Trigger.WEBHOOK);

        assertThat(duringApply.get()).as("while the run applies, readers see the previous run whole").isEqualTo(old);
        SourceSnapshot now = core.state.snapshot();
        assertThat(now.lastSynced().id()).isEqualTo(fixed);
        assertThat(now.lastFetched().id()).isEqualTo(fixed);
        assertThat(now.errors()).as("the new commit with its own errors").isEmpty();
        assertThat(now.desired().commit().id()).isEqualTo(fixed);
    }
}
