package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.plugin.ResourceKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared informers of one backend: a list + watch per object type in the backend's namespace, with watch
 * bookmarks, relisting on 410 Gone (fabric8's reflector), and no resync. Reads are answered from the
 * caches once an informer has listed; before that, or while a broken watch relists, the answer is "don't
 * know" and {@link KubeApi} sends the GET it always did.
 *
 * <p>What Sextant itself writes is put in front of the cache until the watch delivers that version
 * ({@link WriteOverlay}), so an apply is never followed by a stale read of its own object.
 */
final class WatchCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);

    private final String where;
    private final KubernetesClient client;
    private final String namespace;
    private final List<KubeKind> kinds;
    private final Map<KubeKind, SharedIndexInformer<GenericKubernetesResource>> informers = new EnumMap<>(KubeKind.class);
    private final Map<KubeKind, SlimStore> stores = new ConcurrentHashMap<>();
    private final Map<KubeKind, Boolean> unserved = new ConcurrentHashMap<>();
    /** Types whose list or watch failed at least once (not worth waiting for at the first read). */
    private final Map<KubeKind, Boolean> broken = new ConcurrentHashMap<>();
    private final WriteOverlay overlay = new WriteOverlay();
    private final OutOfBand outOfBand;
    /** How long a read waits for the first list of every type before it falls back to a GET. */
    private static final long FIRST_SYNC_WAIT_MILLIS = 3_000;
    private static final long STOP_WAIT_MILLIS = 2_000;

    private volatile CompletableFuture<Void> firstSync = CompletableFuture.completedFuture(null);
    /** Each type's first list: done when it synced, failed, or turned out not served. */
    private final Map<KubeKind, CompletableFuture<Void>> listed = new ConcurrentHashMap<>();
    /** Reads wait for the first lists once; after that a type not synced is read with GETs at once. */
    private volatile boolean waitedOnce;
    private volatile boolean started;
    private volatile boolean closed;

    WatchCache(String backend, KubernetesClient client, String namespace, List<KubeKind> kinds) {
        this.where = "backend '" + backend + "'";
        this.client = client;
        this.namespace = namespace;
        this.kinds = List.copyOf(kinds);
        this.outOfBand = new OutOfBand(overlay, this::json);
    }

    /** Who to tell when a watched object of a resource changed behind Sextant's back. */
    void onChange(Consumer<ResourceKey> listener) {
        outOfBand.listen(listener);
        begin(); // watching starts now, without waiting for the first lists
    }

    /**
     * The object as the synced cache holds it: empty when absent (or, for another's object, its name
     * and labels only); null when the cache cannot answer yet and the caller must ask the API server.
     */
    Optional<ObjectNode> get(KubeKind kind, String name) {
        start();
        Optional<ObjectNode> written = overlay.get(kind, name);
        if (written != null) {
            return written;
        }
        SharedIndexInformer<GenericKubernetesResource> informer = answering(kind);
        if (informer == null) {
            return null;
        }
        return stores.get(kind).json(name);
    }

    /** Every cached object of a kind with all these labels, or null when the cache cannot answer yet. */
    List<ObjectNode> list(KubeKind kind, Map<String, String> labels) {
        start();
        SharedIndexInformer<GenericKubernetesResource> informer = answering(kind);
        if (informer == null) {
            return null;
        }
        return stores.get(kind).json(labels).stream()
                .map(o -> overlay.newer(kind, o))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Sextant is about to write this object: its watch event is Sextant's own, not drift. */
    void writing(KubeKind kind, String name) {
        overlay.writing(kind, name);
    }

    void answered(KubeKind kind, String name) {
        overlay.answered(kind, name);
    }

    /** Sextant wrote this object: reads see it before the watch brings it back. */
    void wrote(KubeKind kind, ObjectNode answer) {
        overlay.wrote(kind, answer);
    }

    void deleted(KubeKind kind, String name) {
        overlay.deleted(kind, name);
    }

    /** JSON bytes the caches hold, over every watched type (for tests and the bench). */
    long cachedBytes() {
        return stores.values().stream().mapToLong(SlimStore::bytes).sum();
    }

    /** Whether every informer has listed and is watching (for tests and the bench). */
    boolean watching() {
        return started && kinds.stream().allMatch(k -> unserved.containsKey(k) || answering(k) != null);
    }

    private SharedIndexInformer<GenericKubernetesResource> answering(KubeKind kind) {
        SharedIndexInformer<GenericKubernetesResource> informer;
        synchronized (informers) {
            informer = informers.get(kind);
        }
        // Answering once listed, as client-go's listers do once synced: the watch opens after the list and, over an
        // HTTP stream, fabric8 counts it open only at its first event, which in a quiet namespace may be a minute
        // away. No event is missed meanwhile (it watches from the list's version). After a watch broke, the cache
        // answers again only while watching: a relist in progress would answer stale.
        boolean answers = informer != null && informer.hasSynced()
                && (informer.isWatching() || !broken.containsKey(kind));
        return answers ? informer : null;
    }

    /** Lazily, on the first read: an applier that is never used (a validate run) opens no watch. */
    private void start() {
        begin();
        if (!waitedOnce) {
            awaitFirstSync();
        }
    }

    private void begin() {
        if (started || closed) {
            return;
        }
        synchronized (informers) {
            if (started || closed) {
                return;
            }
            started = true;
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (KubeKind kind : kinds) {
                // resync 0: nothing is re-delivered on a timer; the engine's drift scan is the periodic check.
                SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind.context())
                        .inNamespace(namespace).runnableInformer(0);
                SlimStore store = new SlimStore(client.getKubernetesSerialization());
                stores.put(kind, store);
                informer.itemStore(store);
                informer.addEventHandler(outOfBand.handler(kind));
                informer.exceptionHandler((isStarted, failure) -> keepTrying(kind, failure));
                informers.put(kind, informer);
                CompletableFuture<Void> first = listed.computeIfAbsent(kind, k -> new CompletableFuture<>());
                informer.start().whenComplete((ok, failure) -> {
                    if (failure == null) {
                        LOG.info("{}: watching {} in {}", where, kind, namespace);
                    }
                    first.complete(null);
                });
                starts.add(first);
            }
            firstSync = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
        }
    }

    /**
     * The first reads wait for the first lists (milliseconds on an empty cluster), so a first sync does not send a
     * GET per object while they are under way; a list that fails or hangs falls back to GETs.
     */
    private void awaitFirstSync() {
        try {
            firstSync.get(FIRST_SYNC_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("{}: informers not synced yet ({}); reading with GETs meanwhile", where, e.toString());
        } finally {
            waitedOnce = true;
        }
    }

    /** A type the cluster does not serve (its CRD missing) stops its informer; reads of it keep using GET. */
    private boolean keepTrying(KubeKind kind, Throwable failure) {
        listed.computeIfAbsent(kind, k -> new CompletableFuture<>()).complete(null); // no longer worth waiting for
        if (notFound(failure)) {
            unserved.put(kind, true);
            LOG.info("{}: {} is not served by the cluster; it is read with GETs", where, kind);
            return false;
        }
        if (broken.put(kind, true) == null) {
            // Once at WARN (a 403 here means the account may not list or watch: reads stay GETs); fabric8's own
            // log of it is off (application.yaml).
            LOG.warn("{}: list or watch of {} failed, retrying; reads use GETs meanwhile: {}", where, kind, failure.toString());
        } else {
            LOG.debug("{}: watch of {} broke, relisting: {}", where, kind, failure.toString());
        }
        return !closed;
    }

    /** A 404 anywhere in the chain: fabric8 wraps the list's failure. */
    private static boolean notFound(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException kube && kube.getCode() == 404) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode json(GenericKubernetesResource resource) {
        JsonNode node = client.getKubernetesSerialization().convertValue(resource, JsonNode.class);
        return (ObjectNode) node;
    }

    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        synchronized (informers) {
            for (SharedIndexInformer<GenericKubernetesResource> informer : informers.values()) {
                informer.stop();
                stopped.add(informer.stopped().toCompletableFuture());
            }
            informers.clear();
        }
        // Until their watches are closed (a relist or reconnect may be under way), so the client closed next leaves
        // no connection open; bounded, since a stop that hangs must not hold up the engine's shutdown.
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).get(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("{}: informers not stopped within {} ms: {}", where, STOP_WAIT_MILLIS, e.toString());
        }
    }
}
