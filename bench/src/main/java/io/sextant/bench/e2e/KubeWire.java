package io.sextant.bench.e2e;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vocabulary of {@link KubeStandIn}: the types it serves, its answers, and the {@code Status} object
 * the Kubernetes API server answers failures and deletions with (metav1.Status).
 */
final class KubeWire {

    /** A served type: its group/version, kind and URL plural. */
    record Type(String apiVersion, String kind, String plural) {
        String group() {
            return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        }
    }

    /** An answer: HTTP status, content type and body. */
    record Answer(int status, String contentType, String body) {
        Answer(int status, String json) {
            this(status, "application/json", json);
        }
    }

    /** What the API server answers for a path no type it serves is at (a missing CRD, say). */
    static final Answer UNSERVED = new Answer(404, "text/plain; charset=utf-8", "404 page not found\n");

    static final Type DEPLOYMENT = new Type("apps/v1", "Deployment", "deployments");
    static final Type SERVICE = new Type("v1", "Service", "services");
    /** What the {@code kubernetes} backend writes and reads for a ModelDeployment (flavor {@code deployment}). */
    static final List<Type> TYPES = List.of(DEPLOYMENT, SERVICE,
            new Type("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"));

    private static final JsonMapper JSON = JsonMapper.shared();

    private KubeWire() {
    }

    static Answer notFound(Type type, String name) {
        return status(404, "NotFound", type, name, type.plural() + (type.group().isEmpty() ? "" : "." + type.group())
                + " \"" + name + "\" not found");
    }

    /** A failure (code 400 and up) or a success, as a {@code Status} object naming the object. */
    static Answer status(int code, String reason, Type type, String name, String message) {
        ObjectNode node = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        node.putObject("metadata");
        node.put("status", code < 300 ? "Success" : "Failure");
        if (message != null) {
            node.put("message", message);
        }
        if (reason != null) {
            node.put("reason", reason);
        }
        node.putObject("details").put("name", name).put("group", type.group()).put("kind", type.plural());
        return new Answer(code, JSON.writeValueAsString(node.put("code", code)));
    }
}
