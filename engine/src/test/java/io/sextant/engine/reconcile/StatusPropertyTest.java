package io.sextant.engine.reconcile;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.engine.metrics.ResourceMetrics;
import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of commits (a change, a new or removed resource, a renamed file, a resource moved to
 * another namespace, a broken or invalid file added or fixed), a gate that blocks and unblocks, a backend whose
 * writes fail and heal, and restarts (statuses reloaded from the database), on the hand-wired core. After every run, each status and count the engine shows
 * (and the {@code sextant_resources} gauges) must equal what an independent oracle computes from the fake Git's head and the fake backend's live
 * state alone: status is recomputed, never accumulated. Seeded: a failure prints the seed and the steps,
 * and {@code -Dsextant.status.seed=N} replays one sequence.
 */
class StatusPropertyTest {

    static final TestDatabase DB = TestDatabase.migrated();
    static final List<String> NAMES = List.of("a", "b", "c", "d");
    static final List<String> NAMESPACES = List.of("search", "ranking");
    static final String BROKEN = "deploy/broken.yaml";
    /** A resource on a backend that is not configured: a semantic error, not a parse error. */
    static final String INVALID = "deploy/x.yaml";
    static final ResourceKey INVALID_KEY = new ResourceKey(ModelDeployment.KIND, Core.NS, "x");
    static final String BLOCK_REASON = "needs approval";

    /** What the test put in Git: per resource its namespace, replicas and file; whether a broken file is there. */
    record Spec(String namespace, int replicas, String file) {}

    @Test
    void everyStatusAndCountEqualsOneRecomputedFromGitAndTheBackend() {
        String fixed = System.getProperty("sextant.status.seed");
        if (fixed != null) {
            sequence(Long.parseLong(fixed), 60);
            return;
        }
        long base = new Random().nextLong();
        for (int i = 0; i < 8; i++) {
            sequence(base + i, 30);
        }
    }

    private void sequence(long seed, int steps) {
        Random random = new Random(seed);
        Core core = new Core(DB);
        Map<String, Spec> specs = new TreeMap<>();
        boolean broken = false;
        boolean invalid = false;
        boolean blocked = false;
        boolean failing = false;
        String lastFullyApplied = null;
        String head = null;
        List<String> log = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            String what;
            int dice = random.nextInt(10);
            String name = NAMES.get(random.nextInt(NAMES.size()));
            Spec spec = specs.get(name);
            boolean commit = dice <= 6 || specs.isEmpty();
            if (dice < 3 || specs.isEmpty()) {
                Spec next = spec == null ? new Spec(NAMESPACES.get(0), 1, "deploy/" + name + ".yaml")
                        : new Spec(spec.namespace(), spec.replicas() % 3 + 1, spec.file());
                specs.put(name, next);
                what = (spec == null ? "add " : "scale ") + name;
            } else if (dice == 3) {
                specs.remove(name);
                what = "remove " + name;
            } else if (dice == 4 && spec != null) {
                String file = spec.file().endsWith("-v2.yaml") ? "deploy/" + name + ".yaml" : "deploy/" + name + "-v2.yaml";
                specs.put(name, new Spec(spec.namespace(), spec.replicas(), file));
                what = "rename the file of " + name;
            } else if (dice == 5 && spec != null) {
                String ns = spec.namespace().equals(NAMESPACES.get(0)) ? NAMESPACES.get(1) : NAMESPACES.get(0);
                specs.put(name, new Spec(ns, spec.replicas(), spec.file()));
                what = "move " + name + " to " + ns;
            } else if (dice == 6 && random.nextBoolean()) {
                invalid = !invalid;
                what = invalid ? "add x on an unknown backend" : "remove x";
            } else if (dice == 6) {
                broken = !broken;
                what = broken ? "break a file" : "fix the broken file";
            } else if (dice == 7) {
                blocked = !blocked;
                if (blocked) {
                    core.gate.block(BLOCK_REASON);
                } else {
                    core.gate.allow(null);
                }
                what = blocked ? "gate blocks" : "gate allows";
            } else if (dice == 8) {
                failing = !failing;
                if (failing) {
                    core.backend.fail(Op.APPLY, FakeApplier.permanentError("503: backend down"));
                    core.backend.fail(Op.DELETE, FakeApplier.permanentError("503: backend down"));
                } else {
                    core.backend.heal();
                }
                what = failing ? "backend fails" : "backend heals";
            } else if (random.nextBoolean()) {
                core.restart(); // statuses come back from the database alone
                what = "restart";
            } else {
                what = "nothing";
            }
            if (commit) {
                head = core.git.push(what, files(specs, broken, invalid));
            }
            Trigger trigger = List.of(Trigger.POLL, Trigger.POLL, Trigger.WEBHOOK, Trigger.MANUAL, Trigger.DRIFT)
                    .get(random.nextInt(5));
            core.clock.advance(Duration.ofMinutes(10)); // past every backoff: each failure is due again
            log.add(what + ", " + trigger.apiName());
            if (trigger == Trigger.DRIFT) {
                core.driftScan(); // does not ask Git: the next webhook, poll or manual sync brings what was pushed
                core.run(Trigger.POLL);
            } else {
                core.run(trigger);
            }
            try {
                lastFullyApplied = check(core, head, specs, broken, invalid, blocked, failing, lastFullyApplied);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " (replay with -Dsextant.status.seed=" + seed
                        + "), after: " + String.join(" → ", log) + "\n" + e.getMessage(), e);
            }
        }
    }

    private static Map<String, String> files(Map<String, Spec> specs, boolean broken, boolean invalid) {
        Map<String, String> files = new TreeMap<>();
        specs.forEach((name, spec) -> files.put(spec.file(),
                Core.deployment(name, spec.replicas()).replace("namespace: " + Core.NS, "namespace: " + spec.namespace())));
        if (broken) {
            files.put(BROKEN, "apiVersion: sextant.io/v1\nkind: [oops\n");
        }
        if (invalid) {
            files.put(INVALID, Core.deployment("x", 1).replace("backend: " + Core.BACKEND, "backend: nowhere"));
        }
        return files;
    }

    /**
     * The oracle: what every status must be, from Git's head (the specs the test pushed) and the backend's live
     * state only. Returns the newest commit fully applied.
     */
    private static String check(Core core, String head, Map<String, Spec> specs, boolean broken,
                                boolean invalid, boolean blocked, boolean failing,
                                String lastFullyApplied) {
        Map<ResourceKey, Integer> desired = new HashMap<>();
        specs.forEach((name, spec) -> desired.put(new ResourceKey(ModelDeployment.KIND, spec.namespace(), name),
                spec.replicas()));
        Map<ResourceKey, Integer> live = new HashMap<>();
        for (var observed : core.backend.observeAll()) {
            live.put(observed.key(), observed.manifest().at("/spec/replicas").asInt());
        }
        // Rows: what Git holds, and what is still live though it left Git (pruning failed, blocked, or kept
        // while a broken file may define it); nothing else, however it got there.
        Set<ResourceKey> expectedRows = new TreeSet<>(desired.keySet());
        expectedRows.addAll(live.keySet());
        if (invalid) {
            expectedRows.add(INVALID_KEY); // shown with its error, never applied
        }
        Map<ResourceKey, TrackedResource> rows = core.tracker.ofSource(Core.SOURCE).stream()
                .collect(Collectors.toMap(TrackedResource::key, r -> r));
        assertThat(new TreeSet<>(rows.keySet())).as("resources listed").isEqualTo(expectedRows);

        int problems = 0;
        Map<ResourceKey, SyncStatus> expectedSync = new HashMap<>();
        for (ResourceKey key : expectedRows) {
            TrackedResource row = rows.get(key);
            Integer want = desired.get(key);
            Integer have = live.get(key);
            String label = key + " (desired " + want + ", live " + have + "): " + row;
            if (key.equals(INVALID_KEY)) {
                expectedSync.put(key, SyncStatus.UNKNOWN);
                assertThat(row.sync()).as(label).isEqualTo(SyncStatus.UNKNOWN);
                assertThat(row.operation()).as(label).isEqualTo(OperationStatus.FAILED);
                assertThat(have).as("never applied").isNull();
                problems++;
                continue;
            }
            if (want != null && want.equals(have)) {
                expectedSync.put(key, SyncStatus.SYNCED);
                assertThat(row.sync()).as(label).isEqualTo(SyncStatus.SYNCED);
                assertThat(row.operation()).as(label).isIn(OperationStatus.SUCCEEDED, OperationStatus.NONE);
                assertThat(row.failure()).as(label).isNull();
                continue;
            }
            if (want == null && broken) {
                expectedSync.put(key, SyncStatus.UNKNOWN);
                assertThat(row.sync()).as("kept while a file fails to load: " + label).isEqualTo(SyncStatus.UNKNOWN);
                assertThat(row.operation()).as("nothing attempted: " + label)
                        .isIn(OperationStatus.SUCCEEDED, OperationStatus.NONE);
                continue;
            }
            expectedSync.put(key, SyncStatus.OUT_OF_SYNC);
            assertThat(row.sync()).as(label).isEqualTo(SyncStatus.OUT_OF_SYNC);
            OperationStatus expected = blocked ? OperationStatus.BLOCKED : OperationStatus.FAILED;
            assertThat(failing || blocked).as("a change is left only when something stops it: " + label).isTrue();
            assertThat(row.operation()).as(label).isEqualTo(expected);
            problems++;
        }
        // sextant_resources, read as a scrape reads it, from the same tracker
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ResourceMetrics(core.tracker).bindTo(registry);
        for (SyncStatus sync : SyncStatus.values()) {
            double gauged = registry.find("sextant.resources").tag("sync", sync.apiName()).gauges().stream()
                    .mapToDouble(Gauge::value).sum();
            assertThat(gauged).as("sextant_resources{sync=%s}", sync.apiName())
                    .isEqualTo((double) expectedSync.values().stream().filter(sync::equals).count());
        }
        long shown = core.tracker.all().stream()
                .filter(r -> r.operation() == OperationStatus.FAILED || r.operation() == OperationStatus.BLOCKED)
                .count();
        assertThat(shown).as("failed or blocked, as counted").isEqualTo(problems);

        SourceSnapshot source = core.state.snapshot();
        assertThat(source.lastSeen().id()).as("newest commit seen").isEqualTo(head);
        List<String> errorFiles = new ArrayList<>();
        if (broken) {
            errorFiles.add(BROKEN);
        }
        if (invalid) {
            errorFiles.add(INVALID);
        }
        assertThat(source.errors()).extracting(e -> e.file()).as("errors of the head commit only")
                .containsExactlyInAnyOrderElementsOf(errorFiles);
        boolean fullyApplied = problems == 0 && errorFiles.isEmpty();
        assertThat(source.notAppliedReason() == null).as("fully applied (" + source.notAppliedReason() + ")")
                .isEqualTo(fullyApplied);
        String synced = fullyApplied ? head : lastFullyApplied;
        assertThat(source.lastSynced() == null ? null : source.lastSynced().id()).as("last synced").isEqualTo(synced);
        assertThat(core.positions.load(Core.SOURCE).lastSyncedRevision()).as("stored last synced").isEqualTo(synced);
        return synced;
    }
}
