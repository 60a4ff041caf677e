package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.sextant.plugin.BackendException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    /** Beyond the request's own timeout, for the answer to be handed over. */
    private static final long ANSWER_SLACK_MILLIS = 1_000;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final String where;
    private final KubernetesClient client;
    private final String namespace;
    private final Semaphore permits;
    private final boolean forceConflicts;
    private final RequestRate rate;
    private final long requestTimeoutMillis;
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
        this.requestTimeoutMillis = Math.max(1, client.getConfiguration().getRequestTimeout());
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
        String body = JSON.writeValueAsString(object);
        // Marked before it is sent: its watch event may arrive before its answer.
        if (cache != null) {
            cache.writing(kind, name);
        }
        try {
            ObjectNode answer = applyAs(kind, name, body);
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

    private ObjectNode applyAs(KubeKind kind, String name, String body) throws BackendException {
        try {
            return call("apply " + describe(kind, name), () -> patch(kind, name, body, false));
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
            return call("apply " + describe(kind, name) + " with force", () -> patch(kind, name, body, true));
        }
    }

    /**
     * One server-side apply request, sent on fabric8's HTTP client (its authentication, TLS and timeouts) as
     * the JSON bytes Sextant rendered, answered as JSON: fabric8's typed round trip (JSON to its resource
     * model to JSON, each way) cost more CPU than the rest of an apply together, and a first sync is bounded
     * by CPU once requests run side by side. Failures are fabric8's exception with the server's Status, as
     * its own DSL throws them, so {@link KubeErrors} and the 409 and 429 handling read them the same way.
     */
    private ObjectNode patch(KubeKind kind, String name, String body, boolean force) {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(objectUrl(kind, name) + "?fieldManager=" + FIELD_MANAGER + (force ? "&force=true" : ""))
                .method("PATCH", APPLY_PATCH, body)
                .timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(request, byte[].class).get(requestTimeoutMillis + ANSWER_SLACK_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted", e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException(e.getCause() == null ? e.toString() : e.getCause().toString(),
                    e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException("no answer within " + requestTimeoutMillis + " ms", e);
        }
        byte[] answer = response.body() == null ? new byte[0] : response.body();
        if (response.isSuccessful()) {
            return (ObjectNode) JSON.readTree(answer);
        }
        Status status = status(response.code(), answer);
        if (response.code() == 429) {
            retryAfterFromHeader(status, response.header("Retry-After"));
        }
        throw new KubernetesClientException(status.getMessage(), response.code(), status);
    }

    /**
     * API priority and fairness sends its wait both in the Status and as a {@code Retry-After} header; a proxy or
     * an older server may send only the header, in seconds: {@link #call} waits out what either says.
     */
    private static void retryAfterFromHeader(Status status, String header) {
        if (header == null || !header.trim().matches("\\d{1,4}")) {
            return;
        }
        if (status.getDetails() == null) {
            status.setDetails(new StatusDetails());
        }
        if (status.getDetails().getRetryAfterSeconds() == null) {
            status.getDetails().setRetryAfterSeconds(Integer.parseInt(header.trim()));
        }
    }

    /** The server's Status from a failed answer, or one made of the HTTP code and the body's text. */
    private Status status(int code, byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        try {
            Status status = client.getKubernetesSerialization().unmarshal(text, Status.class);
            if (status != null && status.getCode() != null) {
                return status;
            }
        } catch (RuntimeException notStatus) {
            // not a Status (a proxy's page, say): described by its code and text below
        }
        Status status = new Status();
        status.setCode(code);
        status.setMessage(text.isBlank() ? "HTTP " + code : text.strip());
        return status;
    }

    private String objectUrl(KubeKind kind, String name) {
        String master = client.getMasterUrl().toString();
        StringBuilder url = new StringBuilder(master.endsWith("/") ? master : master + "/");
        ResourceDefinitionContext type = kind.context();
        if (type.getGroup() == null || type.getGroup().isEmpty()) {
            url.append("api/").append(type.getVersion());
        } else {
            url.append("apis/").append(type.getGroup()).append('/').append(type.getVersion());
        }
        return url.append("/namespaces/").append(namespace).append('/').append(type.getPlural()).append('/')
                .append(name).toString();
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
