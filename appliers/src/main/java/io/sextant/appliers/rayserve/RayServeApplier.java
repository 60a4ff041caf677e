package io.sextant.appliers.rayserve;

import io.sextant.appliers.api.Secrets;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.api.Secrets;
import io.sextant.appliers.http.HttpApplier;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.JsonValues;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code ray-serve} backend: one Serve application per ModelDeployment, driven through the
 * dashboard's {@code /api/serve/applications/}. A PUT replaces Ray's whole config, so every write reads
 * the current config first and sends it back complete: applications Sextant does not manage are
 * resent exactly as Ray reports them (and named in a warning), never dropped. Writes are serialised
 * so two of them cannot race on that read-modify-write. {@code DELETE} is never used: it shuts down
 * Serve, with every application on it.
 */
final class RayServeApplier extends HttpApplier {

    private static final Logger log = LoggerFactory.getLogger(RayServeApplier.class);
    private static final String PATH = "/api/serve/applications/";

    private final ReentrantLock writes = new ReentrantLock();
    private final Secrets secrets;

    RayServeApplier(String name, JsonHttp http) {
        this(name, http, Secrets.NONE);
    }

    RayServeApplier(String name, JsonHttp http, Secrets secrets) {
        super(name, RayServeApplierFactory.TYPE, http, RayServeChecks.CHECKS);
        this.secrets = secrets;
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        if (!key.kind().equals(ModelDeployment.KIND)) {
            return Optional.empty();
        }
        return find(RayApplication.all(http.get(PATH).json()), key).map(app -> app.observe(key));
    }

    @Override
    public List<ObservedResource> observeAll() throws BackendException {
        List<ObservedResource> observed = new ArrayList<>();
        for (RayApplication app : RayApplication.all(http.get(PATH).json())) {
            app.owner().ifPresent(key -> observed.add(app.observe(key)));
        }
        return observed;
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        ResourceKey key = desired.key();
        requireServable(desired.resource());
        ObjectNode wanted = RayAppConfig.withSecrets(RayAppConfig.build(key, desired.manifest()), desired.resource(), secrets);
        writes.lock();
        try {
            JsonNode current = http.get(PATH).json();
            List<RayApplication> apps = RayApplication.all(current);
            Optional<RayApplication> ours = find(apps, key);
            if (ours.isPresent() && JsonValues.same(ours.get().config(), wanted)) {
                return ours.get().observe(key);
            }
            List<JsonNode> configs = new ArrayList<>();
            boolean replaced = false;
            for (RayApplication app : apps) {
                if (ours.isPresent() && app.name().equals(ours.get().name())) {
                    configs.add(wanted);
                    replaced = true;
                } else if (app.name().equals(wanted.path("name").asString())) {
                    throw BackendException.permanent(http.call("PUT", PATH) + ": Ray already has an application named '"
                            + app.name() + "' that Sextant does not manage; refusing to replace it", null);
                } else {
                    configs.add(keep(app));
                }
            }
            if (!replaced) {
                configs.add(wanted);
            }
            List<String> kept = put(current, configs, apps);
            ObservedResource after = find(RayApplication.all(http.get(PATH).json()), key)
                    .map(app -> app.observe(key))
                    .orElse(new ObservedResource(key, desired.manifest(), Health.PROGRESSING,
                            "submitted to Ray Serve; the application is not listed yet"));
            return kept.isEmpty() ? after : new ObservedResource(key, after.manifest(), after.health(),
                    (after.message().isEmpty() ? "" : after.message() + "; ")
                            + "kept Ray applications Sextant does not manage: " + String.join(", ", kept));
        } finally {
            writes.unlock();
        }
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        if (!key.kind().equals(ModelDeployment.KIND)) {
            return;
        }
        writes.lock();
        try {
            JsonNode current = http.get(PATH).json();
            List<RayApplication> apps = RayApplication.all(current);
            Optional<RayApplication> ours = find(apps, key);
            if (ours.isEmpty()) {
                return;
            }
            List<JsonNode> configs = new ArrayList<>();
            for (RayApplication app : apps) {
                if (!app.name().equals(ours.get().name())) {
                    configs.add(keep(app));
                }
            }
            put(current, configs, apps);
        } finally {
            writes.unlock();
        }
    }

    /** PUTs the complete config and returns the applications it resent that Sextant does not manage. */
    private List<String> put(JsonNode current, List<JsonNode> configs, List<RayApplication> before) throws BackendException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        // target_capacity is cluster-wide state someone may have set for a rollout; a PUT without it resets it.
        if (current.path("target_capacity").isNumber()) {
            body.set("target_capacity", current.path("target_capacity"));
        }
        body.putArray("applications").addAll(configs);
        List<String> foreign = before.stream().filter(app -> app.owner().isEmpty()).map(RayApplication::name).toList();
        if (!foreign.isEmpty()) {
            log.warn("ray-serve backend '{}': resending {} application(s) Sextant does not manage, unchanged: {}",
                    name(), foreign.size(), foreign);
        }
        http.send("PUT", PATH, body);
        return foreign;
    }

    /** The config to resend for an application this write leaves alone. */
    private JsonNode keep(RayApplication app) throws BackendException {
        if (!app.config().isObject()) {
            throw BackendException.permanent(http.call("PUT", PATH) + ": application '" + app.name()
                    + "' was deployed with serve.run and Ray reports no config for it, so a PUT would remove it; "
                    + "refusing (deploy it from a config file, or move it to another Ray cluster)", null);
        }
        return app.config();
    }

    private static Optional<RayApplication> find(List<RayApplication> apps, ResourceKey key) {
        return apps.stream().filter(app -> app.owner().filter(key::equals).isPresent()).findFirst();
    }
}
