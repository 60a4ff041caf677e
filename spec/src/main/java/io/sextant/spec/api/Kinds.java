package io.sextant.spec.api;

import io.sextant.plugin.BackendName;
import io.sextant.plugin.IgnoreRule;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.Normalizer;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SextantPlugin;
import io.sextant.spec.kinds.BuiltInKinds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The registry of kinds: every {@link KindDefinition} the engine serves, built-in or from a plugin, and
 * what plugins add to backends and drift detection. The one place the loader, validator, planner, API and
 * dashboard look a kind up (as Kubernetes' {@code runtime.Scheme}); nothing else switches on kind names.
 *
 * <p>Built from a list of {@link SextantPlugin}s, checked at construction: a plugin built against another
 * {@link PluginApi#VERSION}, a kind defined twice, a definition without apiVersions or schema, or a kind
 * support for an unknown kind is refused with an {@link IllegalArgumentException} naming the plugin.
 * Immutable and thread-safe.
 */
public final class Kinds {

    /** How deep backend inheritance is followed (a route to a deployment is one hop); guards against cycles. */
    private static final int MAX_HOPS = 8;

    private static final Kinds BUILT_IN = of(List.of(new BuiltInKinds()));

    private final List<SextantPlugin> plugins;
    private final Map<String, KindDefinition> byName;
    private final List<KindSupport> support;
    private final List<IgnoreRule> ignoreRules;
    private final Map<String, List<Normalizer>> normalizers;
    private final Comparator<ResourceKey> applyOrder;

    private Kinds(List<SextantPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        Map<String, KindDefinition> found = new LinkedHashMap<>();
        Map<String, String> definedBy = new LinkedHashMap<>();
        List<KindSupport> supports = new ArrayList<>();
        List<IgnoreRule> rules = new ArrayList<>();
        Map<String, List<Normalizer>> byType = new LinkedHashMap<>();
        for (SextantPlugin plugin : this.plugins) {
            String who = "plugin '" + plugin.name() + "'";
            if (plugin.apiVersion() != PluginApi.VERSION) {
                throw new IllegalArgumentException(who + " was built for plugin API version " + plugin.apiVersion()
                        + ", this engine serves version " + PluginApi.VERSION);
            }
            for (KindDefinition definition : plugin.kinds()) {
                checkDefinition(who, definition);
                String previous = definedBy.putIfAbsent(definition.kind(), plugin.name());
                if (previous != null) {
                    throw new IllegalArgumentException(who + ": kind '" + definition.kind()
                            + "' is already defined by plugin '" + previous + "'");
                }
                found.put(definition.kind(), definition);
            }
            supports.addAll(plugin.kindSupport());
            rules.addAll(plugin.ignoreRules());
            plugin.normalizers().forEach((type, normalizer) -> byType.computeIfAbsent(type, t -> new ArrayList<>()).add(normalizer));
        }
        List<KindDefinition> ordered = new ArrayList<>(found.values());
        ordered.sort(Comparator.comparingInt(KindDefinition::applyOrder).thenComparing(KindDefinition::kind));
        Map<String, KindDefinition> byOrder = new LinkedHashMap<>();
        ordered.forEach(definition -> byOrder.put(definition.kind(), definition));
        this.byName = Collections.unmodifiableMap(byOrder);
        for (KindSupport each : supports) {
            if (!byName.containsKey(each.kind())) {
                throw new IllegalArgumentException("kind support for backend type '" + each.backendType()
                        + "' names unknown kind '" + each.kind() + "' (known: " + expected() + ")");
            }
        }
        this.support = List.copyOf(supports);
        this.ignoreRules = List.copyOf(rules);
        Map<String, List<Normalizer>> frozen = new LinkedHashMap<>();
        byType.forEach((type, list) -> frozen.put(type, List.copyOf(list)));
        this.normalizers = Map.copyOf(frozen);
        this.applyOrder = Comparator.comparingInt((ResourceKey key) -> applyOrder(key.kind()))
                .thenComparing(Comparator.naturalOrder());
    }

    /** The kinds of {@code plugins}, the built-in one among them when the caller includes it. */
    public static Kinds of(List<? extends SextantPlugin> plugins) {
        return new Kinds(List.copyOf(plugins));
    }

    /** Only the three built-in kinds (ModelDeployment, LoraAdapter, InferenceRoute). */
    public static Kinds builtIn() {
        return BUILT_IN;
    }

    /**
     * Every {@link SextantPlugin} that {@link ServiceLoader} finds through {@code loader}, the built-in one
     * included. A loader sees its parents' services too: for the plugins of one jar in its own class loader,
     * load them from that jar alone and add them with {@link #with}, or the built-in kinds come twice.
     */
    public static Kinds discover(ClassLoader loader) {
        List<SextantPlugin> found = new ArrayList<>();
        ServiceLoader.load(SextantPlugin.class, loader).forEach(found::add);
        return of(found);
    }

    /** These kinds and those of {@code more} plugins. */
    public Kinds with(List<? extends SextantPlugin> more) {
        List<SextantPlugin> all = new ArrayList<>(plugins);
        all.addAll(more);
        return of(all);
    }

    public List<SextantPlugin> plugins() {
        return plugins;
    }

    /** The definition of the kind named {@code name}, if served. */
    public Optional<KindDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Whether {@code kind} is served. */
    public boolean knows(Kind kind) {
        return byName.containsKey(kind.name());
    }

    /**
     * The definition of {@code kind}.
     *
     * @throws IllegalArgumentException when no definition serves it
     */
    public KindDefinition definition(Kind kind) {
        KindDefinition definition = byName.get(kind.name());
        if (definition == null) {
            throw new IllegalArgumentException("unknown kind '" + kind + "' (expected " + expected() + ")");
        }
        return definition;
    }

    /** Every definition, in apply order. */
    public List<KindDefinition> definitions() {
        return List.copyOf(byName.values());
    }

    /** The served kind names for messages: {@code ModelDeployment, LoraAdapter or InferenceRoute}. */
    public String expected() {
        List<String> names = new ArrayList<>(byName.keySet());
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The apply order of {@code kind} ({@link KindDefinition#applyOrder()}); unknown kinds go last. */
    public int applyOrder(Kind kind) {
        KindDefinition definition = byName.get(kind.name());
        return definition == null ? Integer.MAX_VALUE : definition.applyOrder();
    }

    /** Orders keys as a plan applies them: by their kinds' apply order, then by namespace and name. */
    public Comparator<ResourceKey> applyOrder() {
        return applyOrder;
    }

    /** What {@code resource} refers to, in field order. */
    public List<Reference> references(Resource resource) {
        return definition(resource.kind()).references(resource);
    }

    /** The distinct resources {@code resource} must be applied after. */
    public List<ResourceKey> dependsOn(Resource resource) {
        LinkedHashSet<ResourceKey> keys = new LinkedHashSet<>();
        references(resource).forEach(reference -> keys.add(reference.target()));
        return List.copyOf(keys);
    }

    /**
     * The backend {@code resource} lives on: the one it names, or the one of the resource its first
     * backend-deciding reference points at; null when that resource is not among {@code resources}.
     */
    public String backendOf(Resource resource, Function<ResourceKey, ? extends Resource> resources) {
        Resource at = resource;
        for (int hop = 0; hop < MAX_HOPS && at != null; hop++) {
            KindDefinition definition = byName.get(at.kind().name());
            if (definition == null) {
                return null;
            }
            Optional<String> own = definition.backend(at).map(BackendName::name);
            if (own.isPresent()) {
                return own.get();
            }
            Optional<Reference> via = definition.references(at).stream().filter(Reference::inheritsBackend).findFirst();
            if (via.isEmpty()) {
                return null;
            }
            at = resources.apply(via.get().target());
        }
        return null;
    }

    /** How backend types serve kinds their appliers do not know, from plugins. */
    public List<KindSupport> support() {
        return support;
    }

    /** The {@link #support()} of one backend type. */
    public List<KindSupport> supportFor(String backendType) {
        return support.stream().filter(each -> each.backendType().equals(backendType)).toList();
    }

    /** Every plugin's drift ignore rules. */
    public List<IgnoreRule> ignoreRules() {
        return ignoreRules;
    }

    /** Every plugin's drift normalisers, by backend type, in plugin order. */
    public Map<String, List<Normalizer>> normalizers() {
        return normalizers;
    }

    private static void checkDefinition(String who, KindDefinition definition) {
        String name = definition.kind();
        try {
            Kind.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ": " + e.getMessage(), e);
        }
        List<String> versions = definition.apiVersions();
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException(who + ": kind '" + name + "' serves no apiVersion");
        }
        for (String version : versions) {
            if (definition.schema(version) == null || !definition.schema(version).isObject()) {
                throw new IllegalArgumentException(who + ": kind '" + name + "' has no JSON Schema for " + version);
            }
        }
        if (definition.type() == null) {
            throw new IllegalArgumentException(who + ": kind '" + name + "' names no resource type");
        }
    }
}
