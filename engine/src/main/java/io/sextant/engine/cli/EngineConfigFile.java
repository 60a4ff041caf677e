package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.config.BackendKeys;
import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.PolicyContext;
import io.sextant.engine.config.PolicyProperties;
import io.sextant.engine.config.KnownKeys;
import io.sextant.engine.config.SourceProperties;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.policy.Violation;
import io.sextant.spec.api.ValidationContext;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code validate --config} reads from an engine configuration file (an {@code application.yaml}):
 * the names of {@code sextant.backends[]} (and {@code sim} inventories) and the policy {@code sextant.policy}.
 * Documents activated only by a profile ({@code spring.config.activate}) are left out, as the engine
 * leaves them out without that profile. No backends configured means the engine's default,
 * {@code sim-local}. The file size limit is the smallest {@code sextant.sources[].max-file-size} (4 MiB for a
 * source that sets none): validate cannot know which source a directory is, and the strictest limit never
 * passes a file an engine would refuse. A file with no {@code sextant} settings, or with a {@code sextant.*} key
 * the engine does not read, is refused as the engine refuses it at start-up: it is not this engine's configuration.
 *
 * @param context      what the spec validator checks against
 * @param namespaces   the namespaces the policy names (empty: no policy)
 * @param maxFileBytes the largest spec file read, in bytes
 */
record EngineConfigFile(ValidationContext context, Set<String> namespaces, long maxFileBytes) {

    /** The engine's backend when none is configured (BackendRegistry.DEFAULT_BACKEND). */
    static final String DEFAULT_BACKEND = "sim-local";

    static EngineConfigFile read(Path file) throws UsageException {
        Set<String> backends = null;
        Map<String, Set<String>> inventories = Map.of();
        Object policy = null;
        Long maxFileBytes = null;
        boolean configures = false;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (!(document instanceof Map<?, ?> root) || profileOnly(root)) {
                    continue;
                }
                if (!(root.get("sextant") instanceof Map<?, ?> sextant)) {
                    continue;
                }
                configures = true;
                String unknown = unknownKey("sextant", sextant);
                unknown = unknown != null ? unknown : BackendKeys.firstProblem(sextant.get("backends"));
                if (unknown != null) {
                    throw new UsageException("--config " + file + ": " + unknown);
                }
                if (sextant.containsKey("sources")) {
                    maxFileBytes = smallestMaxFileSize(sextant.get("sources"));
                }
                if (sextant.containsKey("backends")) {
                    backends = backendNames(sextant.get("backends"));
                    inventories = PolicyContext.inventories(backendMaps(sextant.get("backends")));
                }
                if (sextant.containsKey("policy")) {
                    policy = sextant.get("policy");
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read --config " + file + ": " + e.getMessage());
        } catch (UsageException e) {
            throw e;
        } catch (ConfigurationException e) {
            throw new UsageException("--config " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageException("--config " + file + " is not a valid engine configuration: " + e.getMessage());
        }
        if (!configures) {
            throw new UsageException("--config " + file + " is not an engine configuration: it has no settings under"
                    + " a top-level 'sextant:' key");
        }
        PolicyProperties bound;
        try {
            bound = bindPolicy(policy);
        } catch (RuntimeException e) {
            throw new UsageException("--config " + file + ": sextant.policy: " + rootCause(e).getMessage());
        }
        ValidationContext context;
        try {
            context = PolicyContext.of(bound, backends == null ? Set.of(DEFAULT_BACKEND) : backends, inventories);
        } catch (ConfigurationException e) {
            throw new UsageException("--config " + file + ": " + e.getMessage());
        }
        return new EngineConfigFile(context, Set.copyOf(bound.namespaces().keySet()), maxFileBytes == null ? SourceProperties.DEFAULT_MAX_FILE_SIZE.toBytes() : maxFileBytes);
    }

    /** The smallest {@code max-file-size} of {@code sextant.sources[]}, parsed as Spring parses a {@link DataSize}. */
    private static Long smallestMaxFileSize(Object sources) {
        if (!(sources instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        long smallest = Long.MAX_VALUE;
        for (Object entry : list) {
            Object size = entry instanceof Map<?, ?> source
                    ? (source.containsKey("max-file-size") ? source.get("max-file-size") : source.get("maxFileSize")) : null;
            smallest = Math.min(smallest, size == null ? SourceProperties.DEFAULT_MAX_FILE_SIZE.toBytes()
                    : DataSize.parse(String.valueOf(size).strip()).toBytes());
        }
        return smallest;
    }

    /**
     * The engine's zero-trust rule for namespaces (reconcile.NamespacePolicyCheck): once a policy is
     * configured, a resource in a namespace it does not name is an error.
     */
    List<SpecError> namespaceErrors(Collection<SpecDocument> documents) {
        if (namespaces.isEmpty()) {
            return List.of();
        }
        return documents.stream().filter(d -> !namespaces.contains(d.key().namespace()))
                .map(d -> d.error("metadata.namespace", new Violation("metadata.namespace", "namespaces", "namespace '"
                        + d.key().namespace() + "' is not granted any backend by sextant.policy.namespaces").describe()))
                .toList();
    }

    private static Set<String> backendNames(Object backends) {
        Set<String> names = new LinkedHashSet<>();
        if (backends instanceof List<?> list) {
            for (Object entry : list) {
                if (!(entry instanceof Map<?, ?> backend) || backend.get("name") == null) {
                    throw new IllegalArgumentException("every sextant.backends entry needs a name");
                }
                names.add(String.valueOf(backend.get("name")));
            }
        } else if (backends != null) {
            throw new IllegalArgumentException("sextant.backends must be a list");
        }
        return names;
    }

    /**
     * {@code sextant.policy} bound exactly as the engine binds it (Spring's {@link Binder}), so validate and the
     * engine read one policy the same way. Map keys are bracketed to keep their case ({@code H100-80GB}).
     */
    private static PolicyProperties bindPolicy(Object policy) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("sextant.policy", policy, flat);
        return new Binder(new MapConfigurationPropertySource(flat)).bind("sextant.policy", PolicyProperties.class)
                .orElseGet(() -> new PolicyProperties(Map.of(), null));
    }

    /**
     * Flattens as Spring Boot's YAML loader does (an empty map or list is {@code ""}); the keys of the
     * policy's maps (namespace names, GPU types) are bracketed so they keep their case.
     */
    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        boolean keysAreData = prefix.endsWith(".namespaces") || prefix.endsWith(".gpu-quota") || prefix.endsWith(".gpuQuota");
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> flatten(prefix + (keysAreData ? "[" + key + "]" : "." + key), child, flat));
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        } else {
            flat.put(prefix, value instanceof Map<?, ?> || value instanceof List<?> || value == null ? "" : value);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static List<Map<String, Object>> backendMaps(Object backends) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (backends instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    maps.add(copy);
                }
            }
        }
        return maps;
    }

    /** The first key under {@code prefix} the engine does not read, with why; null when all are known. */
    private static String unknownKey(String prefix, Object value) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String found = unknownKey(prefix + "." + entry.getKey(), entry.getValue());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                String found = unknownKey(prefix + "[" + i + "]", list.get(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(prefix, '.');
        return KnownKeys.problem(name).map(problem -> name + ": " + problem).orElse(null);
    }

    /** {@code spring.config.activate...}, nested or as a dotted key. */
    private static boolean profileOnly(Map<?, ?> root) {
        return child(child(root, "spring"), "config") instanceof Map<?, ?> config && config.containsKey("activate")
                || root.keySet().stream().anyMatch(key -> String.valueOf(key).startsWith("spring.config.activate"));
    }

    private static Object child(Object map, String key) {
        return map instanceof Map<?, ?> m ? m.get(key) : null;
    }
}
