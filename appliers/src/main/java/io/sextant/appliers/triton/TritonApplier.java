package io.sextant.appliers.triton;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.ManifestStash;
import io.sextant.appliers.http.Reply;
import io.sextant.appliers.http.StashedApplier;
import io.sextant.plugin.ResourceKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code triton} backend: a Triton Inference Server in explicit model-control mode, driven through
 * its repository extension. A load reloads the model even when nothing changed, so apply compares the
 * config Triton runs with the one the spec asks for and loads only on a real difference. The applied
 * manifest is kept in a {@link ManifestStash}; a model Sextant never applied is not reported, and
 * delete unloads only models Sextant applied.
 */
final class TritonApplier extends StashedApplier<JsonNode> {

    private final Duration loadTimeout;
    private final ConcurrentMap<String, ReentrantLock> modelLocks = new ConcurrentHashMap<>();

    TritonApplier(String name, JsonHttp http, ManifestStash stash, Duration loadTimeout) {
        super(name, TritonApplierFactory.TYPE, http, TritonChecks.CHECKS, stash);
        this.loadTimeout = loadTimeout;
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        requireServable(desired.resource());
        ResourceKey key = desired.key();
        String model = TritonConfig.modelName(desired.manifest());
        for (ResourceKey other : stash.keys()) {
            if (!other.equals(key) && stash.get(other).map(TritonConfig::modelName).filter(model::equals).isPresent()) {
                throw BackendException.permanent("backend '" + name() + "': model '" + model + "' is already served for "
                        + other + "; give one of them another model.servedName", null);
            }
        }
        ObjectNode wanted = TritonConfig.build(desired.manifest());
        ReentrantLock lock = modelLocks.computeIfAbsent(model, m -> new ReentrantLock());
        lock.lock();
        try {
            TritonModel current = TritonModel.find(index(), model);
            if (!(current.ready() && TritonConfig.matches(config(model), wanted))) {
                load(model, wanted);
            }
            Optional<String> previous = stash.get(key).map(TritonConfig::modelName).filter(m -> !m.equals(model));
            stash.put(key, desired.manifest());
            if (previous.isPresent() && TritonModel.find(index(), previous.get()).loaded()) {
                // The spec was renamed (model.servedName): the old model is no longer anyone's.
                http.send("POST", "/v2/repository/models/" + encode(previous.get()) + "/unload",
                        JsonNodeFactory.instance.objectNode());
            }
            return live(key, desired.manifest(), index()).orElse(new ObservedResource(key, desired.manifest(),
                    Health.PROGRESSING, "loaded on Triton; not listed in its repository index yet"));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        Optional<JsonNode> applied = stash.get(key);
        if (applied.isEmpty()) {
            return;
        }
        String model = TritonConfig.modelName(applied.get());
        ReentrantLock lock = modelLocks.computeIfAbsent(model, m -> new ReentrantLock());
        lock.lock();
        try {
            if (TritonModel.find(index(), model).loaded()) {
                http.send("POST", "/v2/repository/models/" + encode(model) + "/unload", JsonNodeFactory.instance.objectNode());
            }
            stash.remove(key);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected JsonNode snapshot() throws BackendException {
        return index();
    }

    @Override
    protected Optional<ObservedResource> live(ResourceKey key, JsonNode applied, JsonNode index) throws BackendException {
        String model = TritonConfig.modelName(applied);
        TritonModel entry = TritonModel.find(index, model);
        if (!entry.loaded()) {
            return Optional.empty();
        }
        if (!entry.ready()) {
            return Optional.of(new ObservedResource(key, applied, entry.health(), entry.message()));
        }
        ObjectNode manifest = TritonConfig.observed(applied, config(model));
        Reply ready = http.exchange("GET", "/v2/models/" + encode(model) + "/ready", null);
        if (ready.ok()) {
            return Optional.of(new ObservedResource(key, manifest, Health.HEALTHY, ""));
        }
        if (ready.status() >= 500) {
            throw http.failure("GET", "/v2/models/" + encode(model) + "/ready", ready);
        }
        return Optional.of(new ObservedResource(key, manifest, Health.DEGRADED,
                "Triton reports model '" + model + "' not ready: " + ready.errorText()));
    }

    private void load(String model, ObjectNode wanted) throws BackendException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("parameters").put("config", wanted.toString());
        String path = "/v2/repository/models/" + encode(model) + "/load";
        // A load blocks until the model is up, which for large models takes minutes, not the usual timeout.
        Reply reply = http.exchange("POST", path, body, loadTimeout);
        if (!reply.ok()) {
            throw http.failure("POST", path, reply);
        }
    }

    private JsonNode index() throws BackendException {
        return http.send("POST", "/v2/repository/index", JsonNodeFactory.instance.objectNode()).json();
    }

    private JsonNode config(String model) throws BackendException {
        return http.get("/v2/models/" + encode(model) + "/config").json();
    }

    private static String encode(String model) {
        return URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
