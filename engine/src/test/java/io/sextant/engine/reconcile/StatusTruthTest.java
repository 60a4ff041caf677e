package io.sextant.engine.reconcile;

import io.sextant.spec.kinds.ModelDeployment;
import static io.sextant.engine.reconcile.Core.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SyncProperties;
import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status is recomputed from the last attempt, not accumulated: errors of the last loaded commit only, a
 * resource whose key left Git leaves the list once it is gone live, a later success clears Failed and
 * Blocked, and the source's last synced commit is the newest one fully applied.
 */
class StatusTruthTest {

    static final TestDatabase DB = TestDatabase.migrated();

    Core core;

    @BeforeEach
    void freshCore() {
        core = new Core(DB);
    }

    static String deploymentIn(String namespace, String name, int replicas) {
        return Core.deployment(name, replicas).replace("namespace: " + Core.NS, "namespace: " + namespace);
    }

    @Test
    void aResourceMovedToAnotherNamespaceIsDeletedUnderItsOldKeyAndItsRowRemoved() {
        core.git.push("a", Map.of("deploy/a.yaml", Core.deployment("a", 1)));
        core.run(Trigger.POLL);

        core.git.push("move a", Map.of("deploy/a.yaml", deploymentIn("ranking", "a", 1)));
        core.run(Trigger.WEBHOOK);

        ResourceKey moved = new ResourceKey(ModelDeployment.KIND, "ranking", "a");
        assertThat(core.backend.liveManifest(key("a"))).as("old key pruned").isEmpty();
        assertThat(core.tracker.find(key("a"))).as("no ghost row").isEmpty();
        assertThat(core.tracker.find(moved).orElseThrow().sync()).isEqualTo(SyncStatus.SYNCED);
        core.restart();
        assertThat(core.tracker.find(key("a"))).as("no ghost row after a restart").isEmpty();
    }

    @Test
    void anInvalidResourceWhoseKeyLeftGitLeavesNoGhostRowEvenAfterARestart() {
        core.git.push("a on an unknown backend", Map.of("deploy/a.yaml",
                Core.deployment("a", 1).replace("backend: " + Core.BACKEND, "backend: nowhere")));
        core.run(Trigger.POLL);
        assertThat(core.status("a").operation()).isEqualTo(OperationStatus.FAILED);

        core.git.push("fixed, in its own namespace", Map.of("deploy/a.yaml", deploymentIn("ranking", "a", 1)));
        core.run(Trigger.WEBHOOK);
        core.restart();
        core.run(Trigger.POLL);

        assertThat(core.tracker.find(key("a"))).as("the old key's row").isEmpty();
        assertThat(core.tracker.ofSource(Core.SOURCE)).extracting(r -> r.key().namespace()).containsExactly("ranking");
    }

    @Test
    void aDriftScanLooksPastAnInvalidResourceThatHasNoBackend() {
        core.git.push("a, and x on an unknown backend", Map.of("deploy/a.yaml", Core.deployment("a", 1),
                "deploy/x.yaml", Core.deployment("x", 1).replace("backend: " + Core.BACKEND, "backend: nowhere")));
        core.run(Trigger.POLL);
        core.git.pushChange("scale a", "deploy/a.yaml", Core.deployment("a", 2));
        core.run(Trigger.WEBHOOK); // loaded incrementally: a drift scan then looks at its backends' resources only
        core.backend.setSpecField(key("a"), "replicas", tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(4));

        core.driftScan();

        assertThat(core.status("a").sync()).as("the drift is found").isEqualTo(SyncStatus.OUT_OF_SYNC);
        assertThat(core.status("x").operation()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void withoutPruneTheOldKeySaysPruningOffUntilItIsGoneLive() {
        core.sync = new SyncProperties(true, false, false, 10);
        core.git.push("a", Map.of("deploy/a.yaml", Core.deployment("a", 1)));
        core.run(Trigger.POLL);
        core.git.push("move a", Map.of("deploy/a.yaml", deploymentIn("ranking", "a", 1)));
        core.run(Trigger.WEBHOOK);

        assertThat(core.status("a").message()).contains("removed from Git").contains("pruning is off");
        assertThat(core.status("a").operation()).isNotEqualTo(OperationStatus.BLOCKED);

        core.backend.removeOutOfBand(key("a"));
        core.run(Trigger.POLL);
        assertThat(core.tracker.find(key("a"))).isEmpty();
    }

    @Test
    void aLaterSuccessClearsFailedAndBlocked() {
        core.pushDeployments("a b", Map.of("a", 1, "b", 1));
        core.run(Trigger.POLL);
        core.backend.fail(Op.APPLY, key("a"), FakeApplier.permanentError("400: no"));
        core.pushDeployments("scale", Map.of("a", 2, "b", 1));
        core.run(Trigger.WEBHOOK);
        assertThat(core.status("a").operation()).isEqualTo(OperationStatus.FAILED);
        core.gate.block("needs approval");
        core.pushDeployments("scale b", Map.of("a", 2, "b", 2));
        core.run(Trigger.WEBHOOK);
        assertThat(core.status("b").operation()).isEqualTo(OperationStatus.BLOCKED);

        core.backend.heal();
        core.gate.allow(null);
        core.clock.advance(Duration.ofMinutes(10));
        core.run(Trigger.POLL);

        assertThat(core.status("a").operation()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(core.status("b").operation()).isEqualTo(OperationStatus.SUCCEEDED);
    }

    @Test
    void lastSyncedIsTheNewestCommitFullyAppliedAndTheSourceSaysWhyTheNewestIsNot() {
        String first = core.pushDeployments("a", Map.of("a", 1));
        core.run(Trigger.POLL);
        core.gate.block("commit is not signed");
        String blocked = core.pushDeployments("scale", Map.of("a", 2));
        core.run(Trigger.WEBHOOK);

        SourceSnapshot snapshot = core.state.snapshot();
        assertThat(snapshot.lastSynced().id()).isEqualTo(first);
        assertThat(snapshot.lastSeen().id()).isEqualTo(blocked);
        assertThat(snapshot.notAppliedReason()).isEqualTo("blocked: commit is not signed");
        assertThat(core.positions.load(Core.SOURCE).lastSyncedRevision()).isEqualTo(first);

        core.gate.allow(null);
        core.run(Trigger.MANUAL);
        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(blocked);
        assertThat(core.state.snapshot().notAppliedReason()).isNull();
    }

    @Test
    void withAutoSyncOffTheCommitWaitsUntilAManualSync() {
        String first = core.pushDeployments("a", Map.of("a", 1));
        core.run(Trigger.POLL);
        core.sync = new SyncProperties(false, true, false, 10);
        String waiting = core.pushDeployments("scale", Map.of("a", 2));
        core.run(Trigger.WEBHOOK);

        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(first);
        assertThat(core.state.snapshot().notAppliedReason()).isEqualTo("1 change not applied");

        core.run(Trigger.MANUAL);
        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(waiting);
        assertThat(core.state.snapshot().notAppliedReason()).isNull();
    }

    @Test
    void specErrorsAndFailuresKeepTheCommitFromBeingSynced() {
        String first = core.pushDeployments("a", Map.of("a", 1));
        core.run(Trigger.POLL);
        core.git.push("broken", Map.of("deploy/a.yaml", Core.deployment("a", 1),
                "deploy/b.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n"));
        core.run(Trigger.WEBHOOK);
        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(first);
        assertThat(core.state.snapshot().notAppliedReason()).isEqualTo("1 spec error");

        core.backend.fail(Op.APPLY, FakeApplier.permanentError("400: no"));
        core.pushDeployments("scale both", Map.of("a", 2, "b", 2));
        core.run(Trigger.WEBHOOK);
        assertThat(core.state.snapshot().errors()).isEmpty();
        assertThat(core.state.snapshot().lastSynced().id()).isEqualTo(first);
        assertThat(core.state.snapshot().notAppliedReason()).isEqualTo("2 resources failed");
    }
}
