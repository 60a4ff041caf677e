package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watch, don't poll (issue 13 item 1): reads come from list + watch caches, a change made behind
 * Sextant's back is reported from its watch event, and a broken watch relists without losing changes.
 */
class KubernetesWatchTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("watch", true));
    private final BlockingQueue<ResourceKey> changed = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void aFirstSyncCostsOneApplyPerObjectAndNoReadOfAnyObject() throws Exception {
        List<DesiredResource> fleet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fleet.add(KubeSpecs.llama("llama-" + i, "replicas: 1"));
        }
        fleet.add(KubeSpecs.route("llama-0", "100"));
        for (DesiredResource desired : fleet) {
            // The engine's first sync: observe (absent), then apply.
            assertThat(applier.observe(desired.key())).isEmpty();
            applier.apply(desired);
        }

        List<String> requests = cluster.dispatcher.requests();
        // One list and one watch per watched type, then a Service and a Deployment apply per deployment.
        assertThat(requests).filteredOn(r -> r.startsWith("GET ") && !r.contains("watch=true"))
                .allSatisfy(r -> assertThat(r).doesNotContain("/search--"));
        assertThat(requests).filteredOn(r -> r.startsWith("PATCH ")).hasSize(41);
        assertThat(requests.size()).isLessThanOrEqualTo((int) (2.5 * fleet.size()));
        assertThat(applier.observe(fleet.get(3).key())).isPresent();
    }

    @Test
    void anEditBehindSextantsBackIsReportedOnceFromItsWatchEventAndItsOwnWritesAreNot() throws Exception {
        DesiredResource llama = KubeSpecs.llama(2);
        applier.observe(llama.key());
        applier.watch(changed::add);
        applier.apply(llama);
        applier.apply(KubeSpecs.llama(3)); // Sextant's own update: not drift

        scale("search--llama", 7);

        assertThat(changed.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(llama.key());
        assertThat(changed).isEmpty();
        assertThat(applier.observe(llama.key()).orElseThrow().manifest().path("spec").path("replicas").asInt())
                .isEqualTo(7);
    }

    @Test
    void aWatchEndedWith410GoneRelistsAndTheChangeMadeMeanwhileIsStillReported() throws Exception {
        DesiredResource llama = KubeSpecs.llama(2);
        applier.observe(llama.key());
        applier.watch(changed::add);
        applier.apply(llama);
        long listsBefore = lists("deployments");

        cluster.dispatcher.expireWatches();
        scale("search--llama", 4); // while the watch is gone

        assertThat(changed.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(llama.key());
        assertThat(lists("deployments")).isGreaterThan(listsBefore);
        until(() -> replicas(llama.key()) == 4);
    }

    @Test
    void aWatchTheServerClosesResumesFromItsBookmarkWithoutListingAgain() throws Exception {
        DesiredResource llama = KubeSpecs.llama(2);
        applier.observe(llama.key());
        applier.apply(llama);
        // A later write to another type: only a bookmark brings the Deployment watch up to this version.
        applier.apply(KubeSpecs.route("llama", "100"));
        String newest = cluster.dispatcher.newestVersion();
        long sent = cluster.dispatcher.bookmarksSent();
        // A round of bookmarks after that write reaches every open watch (four types).
        BooleanSupplier bookmarked = () -> cluster.dispatcher.bookmarksSent() >= sent + 8;
        long listsBefore = lists("deployments");
        long watchesBefore = watches("deployments").size();
        until(() -> bookmarked.getAsBoolean());
        cluster.dispatcher.closeWatches();
        until(() -> watches("deployments").size() > watchesBefore);

        assertThat(watches("deployments").get((int) watchesBefore)).matches(".*[?&]resourceVersion=" + newest + "(&.*|$)");
        assertThat(lists("deployments")).isEqualTo(listsBefore);
    }

    private void scale(String name, int replicas) {
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(name).edit(d -> {
            Deployment copy = d;
            copy.getSpec().setReplicas(replicas);
            return copy;
        });
    }

    private long lists(String plural) {
        return cluster.dispatcher.requests().stream()
                .filter(r -> r.startsWith("GET ") && r.split("\\?")[0].endsWith("/" + plural) && !r.contains("watch=true"))
                .count();
    }

    private List<String> watches(String plural) {
        return cluster.dispatcher.requests().stream()
                .filter(r -> r.split("\\?")[0].endsWith("/" + plural) && r.contains("watch=true")).toList();
    }

    private int replicas(ResourceKey key) {
        try {
            return applier.observe(key).orElseThrow().manifest().path("spec").path("replicas").asInt();
        } catch (BackendException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for a condition a watch brings about, polling briefly; fails after a bound. */
    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", PROMPTLY).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
