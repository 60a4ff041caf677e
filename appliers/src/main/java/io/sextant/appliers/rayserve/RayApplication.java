package io.sextant.appliers.rayserve;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code applications} in Ray's {@code GET /api/serve/applications/} reply, read as
 * Sextant sees it: whose it is, how healthy, and what manifest it amounts to.
 *
 * @param name    the application name
 * @param details Ray's {@code ApplicationDetails} ({@code status}, {@code message},
 *                {@code deployed_app_config}, {@code deployments})
 */
record RayApplication(String name, JsonNode details) {

    /** Every application of a GET reply, in Ray's order. */
    static List<RayApplication> all(JsonNode reply) {
        List<RayApplication> apps = new ArrayList<>();
        for (Map.Entry<String, JsonNode> app : reply.path("applications").properties()) {
            apps.add(new RayApplication(app.getKey(), app.getValue()));
        }
        return apps;
    }

    /** The config as it was submitted, or missing when deployed imperatively ({@code serve.run}). */
    JsonNode config() {
        return details.path("deployed_app_config");
    }

    /** The Sextant resource this application is, or empty when Sextant does not manage it. */
    Optional<ResourceKey> owner() {
        String key = config().at("/runtime_env/env_vars/" + RayAppConfig.RESOURCE_VAR).asString("");
        try {
            ResourceKey parsed = ResourceKey.parse(key, "");
            return parsed.kind().equals(ModelDeployment.KIND) ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Live state as a ModelDeployment; the caller checked that {@link #owner()} is {@code key}. */
    ObservedResource observe(ResourceKey key) {
        JsonNode applied = applied();
        if (applied == null) {
            return new ObservedResource(key, null, Health.UNKNOWN, "Ray application '" + name
                    + "' carries no readable Sextant manifest in " + RayAppConfig.MANIFEST_VAR);
        }
        ObjectNode manifest = RayLiveManifest.of(key, applied, config());
        String message = message();
        if (RayLiveManifest.hasUnmappedChanges(key, manifest, config())) {
            message = (message.isEmpty() ? "" : message + "; ")
                    + "Ray's config of this application was also changed in fields Sextant does not map";
        }
        return new ObservedResource(key, manifest, health(), message);
    }

    /** RUNNING is healthy; DEPLOY_FAILED and UNHEALTHY carry Ray's message; the rest are on their way. */
    Health health() {
        return switch (details.path("status").asString("")) {
            case "RUNNING" -> Health.HEALTHY;
            case "NOT_STARTED", "DEPLOYING", "DELETING" -> Health.PROGRESSING;
            case "DEPLOY_FAILED", "UNHEALTHY" -> Health.DEGRADED;
            default -> Health.UNKNOWN;
        };
    }

    /** Ray's status and message, with the messages of failing deployments when the app has none. */
    String message() {
        String status = details.path("status").asString("UNKNOWN");
        String text = details.path("message").asString("").strip();
        if (text.isEmpty() && health() == Health.DEGRADED) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> deployment : details.path("deployments").properties()) {
                String message = deployment.getValue().path("message").asString("").strip();
                if (!message.isEmpty()) {
                    parts.add(deployment.getKey() + ": " + message);
                }
            }
            text = String.join("; ", parts);
        }
        return health() == Health.HEALTHY && text.isEmpty() ? "" : "Ray Serve " + status + (text.isEmpty() ? "" : ": " + text);
    }

    private JsonNode applied() {
        String text = config().at("/runtime_env/env_vars/" + RayAppConfig.MANIFEST_VAR).asString("");
        try {
            JsonNode manifest = text.isEmpty() ? null : JsonMapper.shared().readTree(text);
            return manifest != null && manifest.isObject() ? manifest : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
