package io.sextant.appliers.kubernetes;

import io.sextant.plugin.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Health of live objects from their status, in Kubernetes' own words: the Deployment controller's
 * conditions and replica counts (as {@code kubectl rollout status} reads them), KServe's
 * {@code Ready}/{@code PredictorReady} conditions, and the Gateway's verdict on a route.
 */
record KubeHealth(Health health, String message) {

    /** Reasons KServe and Knative give when an InferenceService will not become ready by waiting. */
    private static final Set<String> KSERVE_FAILURES = Set.of("ProgressDeadlineExceeded", "RevisionFailed",
            "ContainerMissing", "BlockedByFailedLoad", "InvalidSpec", "ErrImagePull", "ImagePullBackOff",
            "CrashLoopBackOff");

    static KubeHealth deployment(JsonNode deployment, String missingService) {
        JsonNode status = deployment.path("status");
        JsonNode progressing = condition(status, "Progressing");
        if ("False".equals(progressing.path("status").asString(""))
                && "ProgressDeadlineExceeded".equals(progressing.path("reason").asString(""))) {
            return degraded(withReason(progressing));
        }
        JsonNode failure = condition(status, "ReplicaFailure");
        if ("True".equals(failure.path("status").asString(""))) {
            return degraded(withReason(failure));
        }
        if (missingService != null) {
            return degraded("Service " + missingService + " is missing");
        }
        long generation = deployment.path("metadata").path("generation").asLong(0);
        if (generation > status.path("observedGeneration").asLong(0)) {
            return progressing("Waiting for deployment spec update to be observed");
        }
        int want = KubeJson.integer(deployment.path("spec").path("replicas")).orElse(1);
        int updated = status.path("updatedReplicas").asInt(0);
        int total = status.path("replicas").asInt(0);
        int available = status.path("availableReplicas").asInt(0);
        int ready = status.path("readyReplicas").asInt(0);
        if (updated < want) {
            return progressing(updated + " of " + want + " updated replicas are available" + detail(progressing));
        }
        if (total > updated) {
            return progressing((total - updated) + " old replicas are pending termination" + detail(progressing));
        }
        if (available < updated) {
            return progressing(available + " of " + updated + " updated replicas are available"
                    + detail(condition(status, "Available")));
        }
        return new KubeHealth(Health.HEALTHY, ready + " of " + want + " replicas ready" + detail(condition(status, "Available")));
    }

    static KubeHealth inferenceService(JsonNode isvc) {
        JsonNode status = isvc.path("status");
        String url = status.path("url").asString("");
        String at = url.isEmpty() ? "" : " at " + url;
        JsonNode ready = condition(status, "Ready");
        if ("True".equals(ready.path("status").asString(""))) {
            return new KubeHealth(Health.HEALTHY, "Ready" + at);
        }
        List<String> notes = new ArrayList<>();
        boolean failed = KSERVE_FAILURES.contains(status.path("modelStatus").path("transitionStatus").asString(""));
        for (String type : List.of("PredictorReady", "Ready")) {
            JsonNode condition = condition(status, type);
            if (!condition.isMissingNode() && !"True".equals(condition.path("status").asString(""))) {
                notes.add(type + "=" + condition.path("status").asString("Unknown") + ": " + withReason(condition));
                failed |= KSERVE_FAILURES.contains(condition.path("reason").asString(""));
            }
        }
        String failure = status.path("modelStatus").path("lastFailureInfo").path("message").asString("");
        if (!failure.isEmpty()) {
            notes.add(failure);
        }
        String message = (notes.isEmpty() ? "Waiting for KServe to report Ready" : String.join("; ", notes)) + at;
        return failed ? degraded(message) : progressing(message);
    }

    /** KServe's {@code Ready} condition on an LLMInferenceService, with its reason and message, and the URL once ready. */
    static KubeHealth llmInferenceService(JsonNode llmisvc) {
        JsonNode status = llmisvc.path("status");
        String url = status.path("url").asString("");
        String at = url.isEmpty() ? "" : " at " + url;
        JsonNode ready = condition(status, "Ready");
        String state = ready.path("status").asString("");
        if ("True".equals(state)) {
            return new KubeHealth(Health.HEALTHY, "Ready" + at);
        }
        if (ready.isMissingNode()) {
            return progressing("Waiting for KServe to report Ready");
        }
        String message = "Ready=" + (state.isEmpty() ? "Unknown" : state) + ": " + withReason(ready) + at;
        // False is KServe's verdict that waiting will not help; Unknown is still reconciling.
        return "False".equals(state) ? degraded(message) : progressing(message);
    }

    static KubeHealth route(JsonNode route) {
        if (route.path("spec").path("parentRefs").isEmpty()) {
            return degraded("HTTPRoute has no parent Gateway: set 'gateway' on the backend to attach it");
        }
        JsonNode parents = route.path("status").path("parents");
        if (parents.isEmpty()) {
            return progressing("Waiting for a Gateway to accept the HTTPRoute");
        }
        List<String> accepted = new ArrayList<>();
        for (JsonNode parent : parents) {
            String gateway = parent.path("parentRef").path("name").asString("?");
            for (String type : List.of("Accepted", "ResolvedRefs")) {
                JsonNode condition = condition(parent, type);
                if ("False".equals(condition.path("status").asString(""))) {
                    return degraded("Gateway " + gateway + ": " + type + "=False: " + withReason(condition));
                }
            }
            accepted.add(gateway);
        }
        return new KubeHealth(Health.HEALTHY, "Accepted by Gateway " + String.join(", ", accepted));
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asString(""))) {
                return condition;
            }
        }
        return MissingNode.getInstance();
    }

    private static String withReason(JsonNode condition) {
        String reason = condition.path("reason").asString("");
        String message = condition.path("message").asString("");
        return reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
    }

    private static String detail(JsonNode condition) {
        String message = condition.path("message").asString("");
        return message.isEmpty() ? "" : " (" + message + ")";
    }

    private static KubeHealth degraded(String message) {
        return new KubeHealth(Health.DEGRADED, message);
    }

    private static KubeHealth progressing(String message) {
        return new KubeHealth(Health.PROGRESSING, message);
    }
}
