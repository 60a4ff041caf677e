package io.sextant.engine.reconcile;

import static io.sextant.engine.reconcile.Core.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@link Assessor} alone: what observing and diffing comes to for each resource, on a fake backend.
 * It never writes to a backend; what it decides is steps, statuses and what it keeps.
 */
class AssessorTest {

    static final TestDatabase DB = TestDatabase.migrated();

    Core core;
    Assessor assessor;
    final Map<ResourceKey, TrackedResource> tracked = new HashMap<>();
    Instant now;

    @BeforeEach
    void freshCore() {
        core = new Core(DB);
        assessor = core.services.assessor();
        now = core.clock.instant();
    }

    static JsonNode manifest(String name, int replicas) {
        return new SpecLoader().load("deploy/" + name + ".yaml", Core.deployment(name, replicas)
                .getBytes(StandardCharsets.UTF_8)).documents().get(0).manifest();
    }

    /** What the engine stored after applying {@code name} with {@code replicas} at an earlier commit. */
    static TrackedResource applied(String name, int replicas) {
        return new TrackedResource(key(name), Core.SOURCE, Core.BACKEND, SyncStatus.SYNCED, Health.HEALTHY,
                OperationStatus.SUCCEEDED, "", "c0", "c0", Instant.EPOCH, null, null, List.of(), null,
                ManifestDigest.of(manifest(name, replicas)), null);
    }

    DesiredState load(Map<String, String> files) throws Exception {
        core.git.push("commit", files);
        return core.services.loader().loadFull(core.git, core.git.fetch());
    }

    DesiredState loadDeployments(Map<String, Integer> replicas) throws Exception {
        core.pushDeployments("commit", replicas);
        return core.services.loader().loadFull(core.git, core.git.fetch());
    }

    Assessment assess(DesiredState desired, List<SpecError> semantic, String... lookAt) {
        Set<ResourceKey> keys = Set.copyOf(Stream.of(lookAt).map(Core::key).toList());
        return assessor.assess(Core.SOURCE, desired, desired.errors(semantic), keys, tracked::get, now);
    }

    /**
     * @param inGit  replicas in Git, or null when the spec left Git
     * @param live   live replicas, or null when the backend does not hold it
     * @param action the step expected, or null for none
     * @param sync   the status expected, or null when the resource is forgotten
     */
    record Case(String what, Integer inGit, Integer live, boolean tracked, Action action, SyncStatus sync) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("new in Git: create", 1, null, false, Action.CREATE, SyncStatus.OUT_OF_SYNC),
                new Case("changed in Git: update", 2, 1, true, Action.UPDATE, SyncStatus.OUT_OF_SYNC),
                new Case("live matches: nothing", 1, 1, true, null, SyncStatus.SYNCED),
                new Case("found live as Git says: adopted", 1, 1, false, null, SyncStatus.SYNCED),
                new Case("left Git, live: delete", null, 1, true, Action.DELETE, SyncStatus.OUT_OF_SYNC),
                new Case("left Git, already gone: forgotten", null, null, true, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansWhatLiveStateNeeds(Case c) throws Exception {
        DesiredState desired = c.inGit() == null ? load(Map.of("deploy/other.yaml", Core.deployment("other", 1)))
                : loadDeployments(Map.of("a", c.inGit()));
        if (c.live() != null) {
            core.backend.putLive(key("a"), manifest("a", c.live()));
        }
        if (c.tracked()) {
            tracked.put(key("a"), applied("a", c.live() == null ? 1 : c.live()));
        }

        Assessment assessment = assess(desired, List.of(), "a");

        assertThat(assessment.steps()).extracting(PlanStep::action)
                .containsExactlyElementsOf(c.action() == null ? List.of() : List.of(c.action()));
        assertThat(assessment.statuses()).containsKey(key("a"));
        TrackedResource status = assessment.statuses().get(key("a"));
        assertThat(status == null ? null : status.sync()).isEqualTo(c.sync());
        assertThat(core.backend.writes()).as("assessing never writes").isEmpty();
        assertThat(core.backend.calls(Op.OBSERVE)).containsExactly(key("a"));
    }

    @Test
    void leavesAloneWhatItDoesNotManage() throws Exception {
        DesiredState desired = load(Map.of("deploy/other.yaml", Core.deployment("other", 1)));
        core.backend.putLive(key("a"), manifest("a", 1));

        Assessment assessment = assess(desired, List.of(), "a");

        assertThat(assessment.steps()).isEmpty();
        assertThat(assessment.statuses()).isEmpty();
    }

    @Test
    void driftIsLiveStateMovingAwayFromTheManifestRecordedAsApplied() throws Exception {
        DesiredState desired = loadDeployments(Map.of("a", 2, "b", 2));
        tracked.put(key("a"), applied("a", 2)); // Git's spec is the one applied: live moved away from it
        tracked.put(key("b"), applied("b", 1)); // this process holds a newer spec than the one applied
        core.backend.putLive(key("a"), manifest("a", 3));
        core.backend.putLive(key("b"), manifest("b", 3));

        Assessment assessment = assess(desired, List.of(), "a", "b");

        assertThat(assessment.steps()).extracting(s -> s.key().name() + " drift=" + s.drift())
                .containsExactlyInAnyOrder("a drift=true", "b drift=false");
        assertThat(assessment.steps()).allSatisfy(s -> assertThat(s.action()).isEqualTo(Action.UPDATE));
    }

    @Test
    void anObserveFailureIsUnknownWithTheBackendsMessageAndBacksOff() throws Exception {
        DesiredState desired = loadDeployments(Map.of("a", 1));
        tracked.put(key("a"), applied("a", 1));
        core.backend.fail(Op.OBSERVE, FakeApplier.transientError("503: upstream busy"));
        List<String> seen = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            TrackedResource status = assess(desired, List.of(), "a").statuses().get(key("a"));
            seen.add(status.attempts() + " " + status.nextAttemptAt());
            tracked.put(key("a"), status);
            now = status.nextAttemptAt();
        }

        TrackedResource status = tracked.get(key("a"));
        assertThat(status.sync()).isEqualTo(SyncStatus.UNKNOWN);
        assertThat(status.health()).isEqualTo(Health.UNKNOWN);
        assertThat(status.operation()).isEqualTo(OperationStatus.FAILED);
        assertThat(status.message()).isEqualTo("cannot observe on backend 'gpu-a': 503: upstream busy (attempt 3)");
        Instant start = core.clock.instant();
        assertThat(seen).containsExactly("1 " + start.plusSeconds(5), "2 " + start.plusSeconds(15),
                "3 " + start.plusSeconds(35));

        DesiredState next = loadDeployments(Map.of("a", 2));
        assertThat(assess(next, List.of(), "a").statuses().get(key("a")).attempts())
                .as("a new commit starts the backoff over").isEqualTo(1);
    }

    @Test
    void anInvalidResourceIsKeptAsItIsLive() throws Exception {
        DesiredState desired = loadDeployments(Map.of("a", 2));
        tracked.put(key("a"), applied("a", 1));
        core.backend.putLive(key("a"), manifest("a", 1));
        SpecError error = new SpecError("deploy/a.yaml", 9, "spec.replicas", "over the namespace's quota", key("a"));

        Assessment assessment = assess(desired, List.of(error), "a");

        assertThat(assessment.steps()).isEmpty();
        assertThat(assessment.kept()).extracting(KeptResource::key).containsExactly(key("a"));
        TrackedResource status = assessment.statuses().get(key("a"));
        assertThat(status.sync()).isEqualTo(SyncStatus.UNKNOWN);
        assertThat(status.message()).contains("over the namespace's quota");
        assertThat(status.appliedRevision()).as("the applied spec stays live").isEqualTo("c0");
    }

    @Test
    void aResourceThatMayBeInAFileThatFailsToLoadIsKeptNotDeleted() throws Exception {
        DesiredState desired = load(Map.of("deploy/a.yaml", Core.deployment("a", 1),
                "deploy/b.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n"));
        tracked.put(key("a"), applied("a", 1));
        tracked.put(key("b"), applied("b", 1));
        core.backend.putLive(key("a"), manifest("a", 1));
        core.backend.putLive(key("b"), manifest("b", 1));

        Assessment assessment = assess(desired, List.of(), "a", "b");

        assertThat(assessment.steps()).as("no deletion").isEmpty();
        assertThat(assessment.kept()).extracting(KeptResource::key).containsExactly(key("b"));
        assertThat(assessment.statuses().get(key("b")).message())
                .startsWith("not found in Git while a file fails to load, which may define it")
                .contains("deploy/b.yaml");
        assertThat(assessment.statuses().get(key("a")).sync()).isEqualTo(SyncStatus.SYNCED);
    }

    @Test
    void aFileThatBreaksKeepsItsLastGoodResources() throws Exception {
        DesiredState good = loadDeployments(Map.of("a", 1));
        core.git.pushChange("break a", "deploy/a.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n");
        DesiredState broken = core.services.loader().loadIncremental(core.git, good, core.git.fetch());
        tracked.put(key("a"), applied("a", 1));
        core.backend.putLive(key("a"), manifest("a", 1));

        Assessment assessment = assess(broken, List.of(), "a");

        assertThat(assessment.steps()).isEmpty();
        assertThat(assessment.kept()).extracting(KeptResource::key).containsExactly(key("a"));
        assertThat(assessment.statuses().get(key("a")).message()).contains("deploy/a.yaml");
    }
}
