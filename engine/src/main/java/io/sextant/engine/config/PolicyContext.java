package io.sextant.engine.config;

import io.sextant.engine.config.PolicyProperties.NamespaceProperties;
import io.sextant.spec.api.ValidationContext;
import io.sextant.spec.api.ValidationContext.NamespacePolicy;
import io.sextant.spec.policy.Allowlists;
import io.sextant.spec.policy.ArgRules;
import io.sextant.spec.policy.GpuRules;
import io.sextant.spec.policy.ImageRules;
import io.sextant.spec.policy.ModelRules;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Turns {@code sextant.policy} into what the spec validator checks against, refusing at start-up what could
 * not be enforced as written: a URI or registry prefix that cannot be matched safely, an argument both
 * allowed and denied, a GPU type no backend the namespace may use has (when every one of them reports its
 * inventory). Each refusal names the key. (A backend the policy names but nothing configures stays a spec
 * error of the resources that use it, as before.) The engine and
 * {@code validate --config} both build their policy here, so they agree.
 */
public final class PolicyContext {

    private PolicyContext() {
    }

    /**
     * @param backends    the configured backend names
     * @param inventories GPU types by backend, for the backends whose inventory configuration states
     *                    ({@code sim}'s {@code gpus}); a backend absent here has an unknown inventory
     * @throws ConfigurationException naming the first key at fault
     */
    public static ValidationContext of(PolicyProperties policy, Set<String> backends, Map<String, Set<String>> inventories) {
        Map<String, NamespacePolicy> namespaces = new HashMap<>();
        policy.namespaces().forEach((name, ns) -> namespaces.put(name,
                namespace("sextant.policy.namespaces." + name, ns, backends, inventories)));
        NamespacePolicy defaults = policy.defaults() == null ? null
                : namespace("sextant.policy.defaults", policy.defaults(), backends, inventories);
        return new ValidationContext(backends, namespaces, defaults);
    }

    private static NamespacePolicy namespace(String key, NamespaceProperties ns, Set<String> backends,
                                             Map<String, Set<String>> inventories) {
        Set<String> granted = ns.backends() == null ? Set.of() : new LinkedHashSet<>(ns.backends());
        ModelRules models = ns.models() == null ? null : build(key + ".models.allowed-uris", () -> new ModelRules(
                ns.models().allowedUris(), Boolean.TRUE.equals(ns.models().requirePinnedRevision())));
        ImageRules images = ns.images() == null ? null : build(key + ".images.allowed-registries", () -> new ImageRules(
                ns.images().allowedRegistries(), Boolean.TRUE.equals(ns.images().requireDigest())));
        GpuRules gpus = ns.gpus() == null ? null : build(key + ".gpus.max-per-replica", () -> new GpuRules(
                ns.gpus().allowedTypes() == null ? Set.of() : Set.copyOf(ns.gpus().allowedTypes()), ns.gpus().maxPerReplica()));
        ArgRules args = ns.runtimeArgs() == null ? null : build(key + ".runtime-args", () -> new ArgRules(
                set(ns.runtimeArgs().allowed()), set(ns.runtimeArgs().denied())));
        if (gpus != null) {
            knownGpuTypes(key + ".gpus.allowed-types", gpus.allowedTypes(), granted.isEmpty() ? backends : granted, inventories);
        }
        return new NamespacePolicy(granted, ns.gpuQuota(), new Allowlists(models, images, gpus, args));
    }

    /** A type no backend has can never be placed: likely a typo ({@code H100-80G}). Unknown inventories are not held against it. */
    private static void knownGpuTypes(String key, Set<String> types, Set<String> usable, Map<String, Set<String>> inventories) {
        if (types.isEmpty() || usable.isEmpty() || !inventories.keySet().containsAll(usable)) {
            return;
        }
        Set<String> known = new TreeSet<>();
        usable.forEach(backend -> known.addAll(inventories.get(backend)));
        for (String type : new TreeSet<>(types)) {
            if (!known.contains(type)) {
                throw new ConfigurationException(key, "names GPU type '" + type + "', which none of its backends has"
                        + " (they have: " + String.join(", ", known) + ")", "Correct the GPU type's name.");
            }
        }
    }

    /** GPU types by backend for the backends whose configuration states them: {@code sim}'s {@code gpus}. */
    public static Map<String, Set<String>> inventories(List<Map<String, Object>> backends) {
        Map<String, Set<String>> inventories = new HashMap<>();
        for (Map<String, Object> backend : backends) {
            if ("sim".equals(String.valueOf(backend.get("type"))) && backend.get("gpus") instanceof Map<?, ?> gpus
                    && backend.get("name") != null) {
                Set<String> types = new TreeSet<>();
                gpus.keySet().forEach(type -> types.add(String.valueOf(type)));
                inventories.put(String.valueOf(backend.get("name")), types);
            }
        }
        return inventories;
    }

    private static <T> T build(String key, Supplier<T> rules) {
        try {
            return rules.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, e.getMessage(), "Correct the value; README \"Policy\" describes it.");
        }
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
