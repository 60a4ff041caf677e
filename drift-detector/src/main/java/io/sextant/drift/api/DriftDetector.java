package io.sextant.drift.api;

import io.sextant.spec.api.Kinds;
import io.sextant.plugin.IgnoreRule;
import io.sextant.plugin.Normalizer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares a desired manifest with a live one, field by field, and reports the differences as JSON
 * Patch operations (RFC 6902) from live to desired.
 *
 * <p>Both documents go through the same pipeline, so a field is only reported when it really differs:
 * <ol>
 *   <li>the default normaliser keeps {@code apiVersion}, {@code kind}, {@code metadata.name},
 *       {@code metadata.namespace}, {@code metadata.labels} and {@code spec};</li>
 *   <li>the backend type's {@link Normalizer}, when one is registered;</li>
 *   <li>the backend objects the live document reports out of step under {@value #OBJECTS} (kind, then
 *       object name, to what is wrong: {@code Missing}, {@code Modified: ...}) are compared with
 *       {@value #SYNCED}, which is what Git wants of every object a resource is made of;</li>
 *   <li>fields matched by an applicable {@link IgnoreRule} are removed from both sides;</li>
 *   <li>{@code null}s and empty objects/arrays are removed, because "unset" has many spellings.</li>
 * </ol>
 * Numbers compare by value ({@code 2 == 2.0}). Arrays of equal length are compared element by
 * element; arrays of different lengths are reported as one {@code replace} of the whole array, since
 * index-wise changes after an insertion would describe every shifted element instead of the edit.
 * Changes are ordered by path, segment by segment (array indices numerically).
 *
 * <p>Immutable and thread-safe.
 */
public final class DriftDetector {

    /**
     * The top-level field of a live manifest where a backend reports the objects a resource is made of that
     * are not as it applied them (a Service deleted by hand), as {@code {kind: {name: state}}}. The resource's
     * own fields cannot show such a change; this makes it a change of {@code /objects/<kind>/<name>}.
     */
    public static final String OBJECTS = "objects";

    /** The state Git wants of every reported object: as applied. */
    public static final String SYNCED = "Synced";

    private final List<IgnoreRule> ignoreRules;
    private final Map<String, Normalizer> normalizersByBackendType;

    /**
     * @param ignoreRules              fields to leave out of every diff they apply to
     * @param normalizersByBackendType extra normalisation per backend type ({@code kubernetes}, ...)
     */
    public DriftDetector(List<IgnoreRule> ignoreRules, Map<String, Normalizer> normalizersByBackendType) {
        this.ignoreRules = List.copyOf(Objects.requireNonNull(ignoreRules, "ignoreRules"));
        this.normalizersByBackendType = Map.copyOf(Objects.requireNonNull(normalizersByBackendType,
                "normalizersByBackendType"));
    }

    /**
     * A detector with the built-in kinds' rules (the autoscaler owns an autoscaled deployment's replicas)
     * and no backend normalisers; the engine builds its own from the registry of kinds, plugins included.
     */
    public static DriftDetector withDefaults() {
        return new DriftDetector(Kinds.builtIn().ignoreRules(), Map.of());
    }

    /**
     * The changes that would make {@code observed} match {@code desired}; empty when in sync.
     *
     * @param backendType the type of backend holding the resource, selecting normaliser and rules
     * @param key         the resource
     * @param desired     the desired manifest
     * @param observed    the live manifest, or null when the resource does not exist live: then every
     *                    top-level field of {@code desired} is one {@code add}, ignore rules left aside
     */
    public List<FieldChange> diff(String backendType, ResourceKey key, JsonNode desired, JsonNode observed) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(desired, "desired");
        ObjectNode want = normalize(backendType, key, desired);
        boolean absent = observed == null || observed.isNull() || observed.isMissingNode();
        ObjectNode live = absent ? JsonNodeFactory.instance.objectNode() : normalize(backendType, key, observed);
        if (!absent) {
            compareObjects(observed.get(OBJECTS), want, live);
        }
        // Ignored fields are owned by someone else once the resource is live; a create still sets them.
        List<IgnoreRule> rules = absent ? List.of() : rulesFor(backendType, key, want);
        for (IgnoreRule rule : rules) {
            Canonical.removeMatching(want, rule.pointer());
            Canonical.removeMatching(live, rule.pointer());
        }
        Canonical.prune(want);
        Canonical.prune(live);
        List<FieldChange> changes = new ArrayList<>();
        StructuralDiff.diff("", live, want, changes);
        return List.copyOf(changes);
    }

    /**
     * Puts the reported objects on the live side and {@value #SYNCED} for each of them on the desired side;
     * Git never lists them (a resource's objects are the backend's business), so its own are ignored.
     */
    private static void compareObjects(JsonNode reported, ObjectNode want, ObjectNode live) {
        want.remove(OBJECTS);
        live.remove(OBJECTS);
        if (reported == null || !reported.isObject()) {
            return;
        }
        ObjectNode liveObjects = live.putObject(OBJECTS);
        ObjectNode wantObjects = want.putObject(OBJECTS);
        for (Map.Entry<String, JsonNode> kind : reported.properties()) {
            if (kind.getValue().isObject()) {
                liveObjects.set(kind.getKey(), kind.getValue().deepCopy());
                ObjectNode synced = wantObjects.putObject(kind.getKey());
                kind.getValue().propertyNames().forEach(name -> synced.put(name, SYNCED));
            }
        }
    }

    private ObjectNode normalize(String backendType, ResourceKey key, JsonNode manifest) {
        JsonNode normalized = Canonical.keepManagedFields(manifest);
        Normalizer backend = backendType == null ? null : normalizersByBackendType.get(backendType);
        if (backend != null) {
            normalized = backend.normalize(key, normalized);
        }
        // Always work on a private copy: later steps edit in place and normalisers may share nodes.
        return normalized != null && normalized.isObject()
                ? (ObjectNode) normalized.deepCopy()
                : JsonNodeFactory.instance.objectNode();
    }

    private List<IgnoreRule> rulesFor(String backendType, ResourceKey key, ObjectNode desired) {
        List<IgnoreRule> applicable = new ArrayList<>();
        for (IgnoreRule rule : ignoreRules) {
            if (applies(rule, backendType, key) && (rule.whenSet() == null || isSet(desired.at(rule.whenSet())))) {
                applicable.add(rule);
            }
        }
        return applicable;
    }

    private static boolean isSet(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !((value.isObject() || value.isArray()) && value.isEmpty());
    }

    private static boolean applies(IgnoreRule rule, String backendType, ResourceKey key) {
        return (rule.kind() == null || rule.kind().equals(key.kind()))
                && (rule.backendType() == null || rule.backendType().equals(backendType));
    }
}
