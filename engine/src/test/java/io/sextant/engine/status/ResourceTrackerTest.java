package io.sextant.engine.status;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.TestDatabase;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link ResourceTracker} alone, on a real database: what it keeps in memory, what it stores, and when. */
class ResourceTrackerTest {

    static final TestDatabase DB = TestDatabase.migrated();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);

    final List<Object> events = new CopyOnWriteArrayList<>();
    ResourceTracker tracker;

    @BeforeEach
    void emptyDatabase() {
        DB.clear();
        tracker = process();
    }

    /** A tracker as an engine process (or another replica) starts it. */
    ResourceTracker process() {
        return new ResourceTracker(new StatusRepository(DB.jdbc, DB.template, DB.transactions), events::add);
    }

    static ResourceKey key(String name) {
        return new ResourceKey(ModelDeployment.KIND, "search", name);
    }

    static ObjectNode doc(int replicas) {
        ObjectNode doc = JSON.createObjectNode();
        doc.putObject("spec").put("replicas", replicas);
        return doc;
    }

    static TrackedResource synced(String name) {
        return new TrackedResource(key(name), "platform", "gpu-a", SyncStatus.SYNCED, Health.HEALTHY,
                OperationStatus.SUCCEEDED, "", C1, C1, Instant.parse("2026-03-01T12:00:00Z"), doc(1), doc(1), List.of(),
                null, "digest-1", null);
    }

    static TrackedResource failed(String name) {
        return new TrackedResource(key(name), "platform", "gpu-a", SyncStatus.OUT_OF_SYNC, Health.HEALTHY,
                OperationStatus.FAILED, "400: bad", C1, null, null, doc(1), null, List.of(), null, null,
                new Failure("f", C1, 1, Instant.parse("2026-03-01T12:00:05Z")));
    }

    String storedDesiredRevision(String name) {
        return DB.template.queryForObject("SELECT desired_revision FROM resource_status WHERE name = ?", String.class,
                name);
    }

    @Test
    void keepsTheSetOfResourcesThatNeedAnotherLook() {
        tracker.putAll(List.of(synced("a"), failed("b")));
        assertThat(tracker.attention("platform")).containsExactly(key("b"));

        tracker.put(synced("b"));
        tracker.put(failed("a"));
        assertThat(tracker.attention("platform")).containsExactly(key("a"));

        tracker.remove(key("a"));
        assertThat(tracker.attention("platform")).isEmpty();
        assertThat(tracker.needsAttention("platform")).isFalse();
    }

    @Test
    void aCommitMovesTheDesiredRevisionOfEveryResourceAtOnceWithoutWritingOrAnnouncingEach() {
        tracker.putAll(List.of(synced("a"), synced("b"), synced("c")));
        int announced = events.size();

        tracker.moveDesiredRevision("platform", C2);

        assertThat(tracker.ofSource("platform")).extracting(TrackedResource::desiredRevision).containsOnly(C2);
        assertThat(tracker.find(key("a")).orElseThrow().desiredRevision()).isEqualTo(C2);
        assertThat(tracker.all()).extracting(TrackedResource::desiredRevision).containsOnly(C2);
        assertThat(events).hasSize(announced);
        assertThat(storedDesiredRevision("a")).isEqualTo(C1);
    }

    @Test
    void aReloadTakesWhatRunsDecideOnFromTheDatabaseAndOnlyTheDocumentsFromMemory() {
        tracker.putAll(List.of(synced("a"), synced("gone")));
        ResourceTracker other = process(); // another replica runs the source next
        Failure failure = new Failure("f2", C2, 2, Instant.parse("2026-03-01T12:10:00Z"));
        other.put(new TrackedResource(key("a"), "platform", "gpu-a", SyncStatus.OUT_OF_SYNC, Health.DEGRADED,
                OperationStatus.FAILED, "409: conflict", C2, C1, Instant.parse("2026-03-01T12:00:00Z"), doc(3), doc(2),
                List.of(), "drift-fp", "digest-2", failure));
        other.remove(key("gone"));
        other.put(synced("new"));

        tracker.reload("platform");

        TrackedResource a = tracker.find(key("a")).orElseThrow();
        assertThat(a.appliedDigest()).isEqualTo("digest-2");
        assertThat(a.driftReported()).isEqualTo("drift-fp");
        assertThat(a.failure()).isEqualTo(failure);
        assertThat(a.message()).isEqualTo("409: conflict");
        assertThat(a.desired()).as("documents are this process's own view").isEqualTo(doc(1));
        assertThat(a.observed()).isEqualTo(doc(1));
        assertThat(tracker.find(key("gone"))).isEmpty();
        assertThat(tracker.find(key("new"))).isPresent();
        assertThat(tracker.attention("platform")).containsExactly(key("a"));
    }

    @Test
    void aNewResourceNothingWasDoneToIsStoredWithItsFirstStep() {
        TrackedResource seen = new TrackedResource(key("a"), "platform", "gpu-a", SyncStatus.OUT_OF_SYNC,
                Health.MISSING, OperationStatus.NONE, "", C1, null, null, doc(1), null, List.of());

        tracker.put(seen);
        assertThat(DB.count("resource_status", "")).isZero();
        assertThat(tracker.find(key("a"))).isPresent();

        tracker.put(synced("a"));
        assertThat(DB.count("resource_status", "")).isEqualTo(1);
    }

    record Change(String what, UnaryOperator<TrackedResource> change, boolean stored) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Change> changes() {
        return Stream.of(
                new Change("a new desired revision alone", r -> r, false),
                new Change("new documents alone", r -> new TrackedResource(r.key(), r.source(), r.backend(), r.sync(),
                        r.health(), r.operation(), r.message(), r.desiredRevision(), r.appliedRevision(),
                        r.lastSyncedAt(), doc(5), doc(4), List.of(), r.driftReported(), r.appliedDigest(), r.failure()),
                        false),
                new Change("a message", r -> r.withMessage("live state drifted"), true),
                new Change("drift reported", r -> r.withDriftReported("fp"), true),
                new Change("a failure", r -> r.withFailure(new Failure("f", C2, 1, Instant.EPOCH)), true),
                new Change("health", r -> new TrackedResource(r.key(), r.source(), r.backend(), r.sync(),
                        Health.DEGRADED, r.operation(), r.message(), r.desiredRevision(), r.appliedRevision(),
                        r.lastSyncedAt(), r.desired(), r.observed(), r.diff(), r.driftReported(), r.appliedDigest(),
                        r.failure()), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void storesAStatusOnlyWhenSomethingARestartNeedsChanged(Change c) {
        tracker.put(synced("a"));

        tracker.put(c.change().apply(synced("a").withDesiredRevision(C2)));

        assertThat(storedDesiredRevision("a")).as("stored").isEqualTo(c.stored() ? C2 : C1);
        assertThat(events).filteredOn(ResourceStatusChanged.class::isInstance).hasSize(2);
    }
}
