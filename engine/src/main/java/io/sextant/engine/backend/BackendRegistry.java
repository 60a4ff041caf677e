package io.sextant.engine.backend;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.KindRouter;
import io.sextant.appliers.api.Secrets;
import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.secrets.ConfiguredSecrets;
import io.sextant.spec.api.Kinds;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The configured runtime backends, each driven by the applier its type names. Backends come only
 * from engine configuration, never from Git.
 */
@Component
public class BackendRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

    /** The embedded default: a simulated GPU cluster. */
    static final Map<String, Object> DEFAULT_BACKEND = Map.of(
            "name", "sim-local",
            "type", "sim",
            "gpus", Map.of("H100-80GB", 8, "A100-40GB", 8, "L4-24GB", 8));

    private final Map<String, Applier> appliers = new LinkedHashMap<>();

    /** The configured backends, with only the built-in kinds. */
    public BackendRegistry(SextantProperties properties) {
        this(properties, Kinds.builtIn());
    }

    /**
     * The configured backends; each serves its applier's kinds and the kinds plugins serve on its type
     * ({@link Kinds#supportFor}, through {@link KindRouter}).
     */
    @Autowired
    public BackendRegistry(SextantProperties properties, Kinds kinds) {
        List<Map<String, Object>> configured = properties.backends().isEmpty()
                ? List.of(DEFAULT_BACKEND) : properties.backends();
        Path root = properties.dataDir().toAbsolutePath().resolve("backends");
        Secrets secrets = ConfiguredSecrets.of(properties.secrets(), System::getenv);
        for (Map<String, Object> entry : configured) {
            BackendConfig config = toConfig(entry, root, secrets);
            if (appliers.containsKey(config.name())) {
                throw new ConfigurationException("sextant.backends[" + config.name() + "].name", "is used by two backends",
                        "Give each backend its own name.");
            }
            try {
                appliers.put(config.name(), KindRouter.route(Appliers.create(config), kinds.supportFor(config.type())));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The applier names the setting it refuses; the key says which backend it belongs to.
                throw new ConfigurationException("sextant.backends[" + config.name() + "]", String.valueOf(e.getMessage()),
                        "Correct this backend's settings (README \"Backends\" lists each type's).", e);
            }
            log.info("backend {} ({}) ready", config.name(), config.type());
        }
    }

    private BackendRegistry(List<Applier> ready) {
        ready.forEach(applier -> appliers.put(applier.name(), applier));
    }

    /** Backends already made, by their names: for tools and tests that bring their own appliers. */
    public static BackendRegistry of(Applier... appliers) {
        return new BackendRegistry(List.of(appliers));
    }

    private static BackendConfig toConfig(Map<String, Object> entry, Path root, Secrets secrets) {
        Object name = entry.get("name");
        Object type = entry.get("type");
        if (name == null || type == null) {
            throw new ConfigurationException("sextant.backends", "every backend needs a name and a type, got "
                    + entry.keySet(), "Add the missing name or type (sim, kubernetes, ray-serve, triton, vllm).");
        }
        Map<String, Object> settings = new LinkedHashMap<>(entry);
        settings.remove("name");
        settings.remove("type");
        return new BackendConfig(name.toString(), type.toString(), settings, root.resolve(name.toString()), secrets);
    }

    public Optional<Applier> find(String name) {
        return Optional.ofNullable(appliers.get(name));
    }

    public Set<String> names() {
        return appliers.keySet();
    }

    public Collection<Applier> all() {
        return appliers.values();
    }

    @Override
    public void destroy() {
        appliers.values().forEach(Applier::close);
    }
}
