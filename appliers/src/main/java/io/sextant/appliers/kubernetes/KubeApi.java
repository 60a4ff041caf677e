package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sextant.plugin.BackendException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only class that calls the API server for objects: get, list, server-side apply and delete of JSON
 * objects in the backend's namespace. Every call holds a permit of the backend's concurrency limit and
 * turns fabric8 failures into {@link BackendException}s, so fabric8 types stay in this package.
 */
final class KubeApi implements AutoCloseable {

    static final String FIELD_MANAGER = "sextant";

    private static final Logger LOG = LoggerFactory.getLogger(KubeApi.class);
    /** 429s waited out per request before the engine's backoff takes over. */
    private static final int MAX_429_RETRIES = 3;
    private static final int MAX_RETRY_AFTER_SECONDS = 10;

    private final String where;
    private final KubernetesClient client;
    private final String namespace;
    private final Semaphore permits;
    private final boolean forceConflicts;
    private final RequestRate rate;
    /** Answers reads from shared informers once they are synced (issue 13: watch, don't poll); null: GETs only. */
    private volatile WatchCache cache;

    KubeApi(String backend, KubernetesClient client, String namespace, int maxConcurrency, boolean forceConflicts,
            RequestRate rate) {
        this.where = "backend '" + backend + "'";
        this.client = client;
        this.namespace = namespace;
        this.permits = new Semaphore(maxConcurrency, true);
        this.forceConflicts = forceConflicts;
        this.rate = rate;
    }

    String namespace() {
        return namespace;
    }

    /** Reads of these types are answered from watches from now on, once their informers are synced. */
    void watch(WatchCache watches) {
        this.cache = watches;
    }

    WatchCache watches() {
        return cache;
    }

    Optional<ObjectNode> get(KubeKind kind, String name) throws BackendException {
        Optional<ObjectNode> cached = cache == null ? null : cache.get(kind, name);
        if (cached != null) {
            return cached; // a synced cache's miss means absent: no GET
        }
        // fabric8 answers a 404 (also a missing CRD) with null: the object is not there.
        GenericKubernetesResource found = call("get " + describe(kind, name), () -> objects(kind).withName(name).get());
        return Optional.ofNullable(found).map(this::toJson);
    }

    /** Objects of a kind with all these labels; none when the kind's CRD is not installed. */
    List<ObjectNode> list(KubeKind kind, Map<String, String> labels) throws BackendException {
        List<ObjectNode> cached = cache == null ? null : cache.list(kind, labels);
        if (cached != null) {
            return cached;
        }
        return call("list " + kind + " in " + namespace, () -> {
            try {
                GenericKubernetesResourceList items = objects(kind).withLabels(labels).list();
                return items.getItems().stream().map(this::toJson).toList();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return List.<ObjectNode>of();
                }
                throw e;
            }
        });
    }

    /**
     * Server-side apply as field manager {@value #FIELD_MANAGER}; returns the object as the server keeps it.
     * The apply is sent without force first: fields another manager owns (an HPA's {@code replicas}, a
     * person's {@code kubectl} edit) then conflict. Sextant owns what it declares, so with
     * {@code force-conflicts} (the default) it applies again with force, which takes exactly the fields of
     * its manifest and nothing else, and logs which fields it took from whom; without, the 409 is the
     * failure. Fields Sextant does not send (replicas of an autoscaled Deployment) never conflict.
     */
    ObjectNode apply(KubeKind kind, ObjectNode object) throws BackendException {
        String name = KubeJson.name(object);
        GenericKubernetesResource resource = client.getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
        GenericKubernetesResource applied;
        // Marked before it is sent: its watch event may arrive before its answer.
        if (cache != null) {
            cache.writing(kind, name);
        }
        try {
            applied = applyAs(kind, name, resource);
            ObjectNode answer = toJson(applied);
            if (cache != null) {
                cache.wrote(kind, answer); // before the in-flight mark goes: no window where its event looks foreign
            }
            return answer;
        } finally {
            if (cache != null) {
                cache.answered(kind, name);
            }
        }
    }

    private GenericKubernetesResource applyAs(KubeKind kind, String name, GenericKubernetesResource resource)
            throws BackendException {
        GenericKubernetesResource applied;
        try {
            applied = call("apply " + describe(kind, name), () -> objects(kind).resource(resource)
                    .fieldManager(FIELD_MANAGER).serverSideApply());
        } catch (BackendException e) {
            KubernetesClientException failure = e.getCause() instanceof KubernetesClientException kube ? kube : null;
            if (failure != null && failure.getCode() == 404) {
                // A 404 on apply means the type itself is unknown: the CRD (KServe, Gateway API) is missing.
                throw BackendException.permanent(e.getMessage() + " (is " + kind + " (" + kind.apiVersion()
                        + ") installed on the cluster?)", failure);
            }
            if (failure == null || failure.getCode() != 409 || !forceConflicts) {
                throw e;
            }
            LOG.warn("{}: apply {} takes ownership of fields in its manifest: {}", where, describe(kind, name),
                    KubeErrors.conflicts(failure));
            applied = call("apply " + describe(kind, name) + " with force", () -> objects(kind).resource(resource)
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
        }
        return applied;
    }

    /** Deletes one object, letting Kubernetes remove its pods in the background; an absent object is fine. */
    void delete(KubeKind kind, String name) throws BackendException {
        call("delete " + describe(kind, name), () -> objects(kind).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
        if (cache != null) {
            cache.deleted(kind, name);
        }
    }

    /**
     * Any other read (nodes, pods) under the same limits and error translation. A 429 (API priority and
     * fairness, or a busy server) is waited out as its Retry-After says, a few times, before it becomes a
     * transient failure for the engine's own backoff.
     */
    <T> T call(String action, Supplier<T> request) throws BackendException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(action, request);
            } catch (BackendException e) {
                Duration retryAfter = tooManyRequests(e);
                if (retryAfter == null || attempt > MAX_429_RETRIES) {
                    throw e;
                }
                LOG.debug("{}: {}: 429, retrying after {}", where, action, retryAfter);
                try {
                    Thread.sleep(retryAfter.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T once(String action, Supplier<T> request) throws BackendException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure(where + ": " + action + ": interrupted", e);
        }
        try {
            rate.acquire();
            return request.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure(where + ": " + action + ": interrupted", e);
        } catch (RuntimeException e) {
            throw KubeErrors.translate(where, action, e);
        } finally {
            permits.release();
        }
    }

    /** How long a 429 asks to wait (its Status' retryAfterSeconds, else 1 s, at most 10 s); null for any other failure. */
    private static Duration tooManyRequests(BackendException failure) {
        if (!(failure.getCause() instanceof KubernetesClientException kube) || kube.getCode() != 429) {
            return null;
        }
        Integer seconds = kube.getStatus() != null && kube.getStatus().getDetails() != null
                ? kube.getStatus().getDetails().getRetryAfterSeconds() : null;
        return Duration.ofSeconds(seconds == null || seconds < 1 ? 1 : Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
    }

    KubernetesClient client() {
        return client;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> objects(KubeKind kind) {
        return client.genericKubernetesResources(kind.context()).inNamespace(namespace);
    }

    private ObjectNode toJson(GenericKubernetesResource resource) {
        JsonNode node = client.getKubernetesSerialization().convertValue(resource, JsonNode.class);
        return (ObjectNode) node;
    }

    private String describe(KubeKind kind, String name) {
        return kind + " " + namespace + "/" + name;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
        client.close();
    }
}
