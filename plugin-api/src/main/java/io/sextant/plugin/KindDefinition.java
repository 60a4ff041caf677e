package io.sextant.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything Sextant knows about one kind (DESIGN.md section 3), in the manner of a Kubernetes scheme
 * entry: its apiVersions with conversion to the stored one, schema, binding, semantic rules, references,
 * backend, apply order and display. The loader, validator, planner, status tracker, API and dashboard ask
 * this, never the kind's name; the built-in kinds are defined through this same interface.
 *
 * <p>How a document becomes a resource: its {@code apiVersion} must be one of {@link #apiVersions()}; the
 * document is checked against {@link #schema(String)} of that version; a document of another version than
 * the stored one is {@link #convert converted}; then {@link #bind} builds the typed resource and
 * {@link #spec(Resource)} writes its normalised spec, which is what drift detection compares.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface KindDefinition {

    /** The {@code kind:} value, such as {@code ModelDeployment}; unique across the engine and its plugins. */
    String kind();

    /** Every apiVersion served, such as {@code sextant.io/v1}; the stored one first. */
    List<String> apiVersions();

    /** The version resources are stored, diffed and shown in: the first of {@link #apiVersions()}. */
    default String storedVersion() {
        return apiVersions().get(0);
    }

    /**
     * What to tell the author of a document written in {@code apiVersion}, such as "sextant.io/v1beta1 is
     * deprecated: use sextant.io/v1"; empty when that version is current. Shown by {@code validate} and in
     * pull request comments as a warning at the document's {@code apiVersion} line.
     */
    default Optional<String> deprecation(String apiVersion) {
        return Optional.empty();
    }

    /**
     * Converts a document of a served {@code apiVersion} other than the stored one, already valid against
     * that version's schema, into the stored version (fields renamed, defaults filled). The argument is a
     * copy the definition may change and return. Only called for versions other than {@link #storedVersion()}.
     */
    default ObjectNode convert(String apiVersion, ObjectNode document) {
        throw new UnsupportedOperationException(kind() + " has no conversion from " + apiVersion);
    }

    /** The JSON Schema (draft 2020-12) of a whole document of one served {@code apiVersion}. */
    JsonNode schema(String apiVersion);

    /** The record class {@link #bind} returns. */
    Class<? extends Resource> type();

    /**
     * Builds the typed resource from a document of the stored version that passed its schema, filling
     * documented defaults. What a schema cannot say (a reference's kind being known) is reported through
     * {@code context}; the resource may still be returned, and the document is then refused.
     *
     * @param metadata the document's metadata, namespace defaulted
     * @param spec     the document's {@code spec} (a missing node when it has none)
     */
    Resource bind(Metadata metadata, JsonNode spec, BindContext context);

    /**
     * The normalised spec of a resource of this kind: absent optional fields and empty maps and lists left
     * out, defaults written, so two spellings of one intent compare equal. Built from the typed record.
     */
    JsonNode spec(Resource resource);

    /**
     * Rules over one resource of this kind and what it refers to (replicas xor autoscaling, weights sum to
     * 100...). Reference existence, dependency cycles, backend policy and quota are checked by the engine
     * for every kind from {@link #references}, {@link #backend} and {@link #gpus}.
     */
    default List<KindRule> rules() {
        return List.of();
    }

    /** The resources this one refers to, in field order; each must exist and is applied before it. */
    default List<Reference> references(Resource resource) {
        return List.of();
    }

    /**
     * What a resource selects by label ({@link LabelSelector}), in field order; empty for none. Each
     * selection is resolved against the resources of its commit and passed to {@link #resolve}; what
     * {@link #references}, {@link #spec} and the rules see is the resolved resource.
     */
    default List<Selection> selections(Resource resource) {
        return List.of();
    }

    /**
     * The resource with its {@link #selections} resolved: {@code matched} holds, for each selection in
     * order, the keys it matched sorted by name (possibly none, which the engine reports at the selection's field). Called again
     * whenever the matches may have changed, with the resource it returned before, so it must resolve from
     * what was written and not from an earlier resolution. Only called for resources with selections.
     */
    default Resource resolve(Resource resource, List<List<ResourceKey>> matched) {
        return resource;
    }

    /**
     * The backend a resource names itself, with the field naming it; empty when it names none and
     * inherits one through a {@link Reference#inheritsBackend() reference}.
     */
    default Optional<BackendName> backend(Resource resource) {
        return Optional.empty();
    }

    /**
     * Whether resources of this kind are for the engine itself (sync windows, say) rather than for a
     * backend: they are validated, tracked and shown like any resource, but no backend applies, observes or
     * deletes them, and they need no {@link #backend} (default {@code false}). Added in API version 1 as a
     * default method, so plugins built before it are unaffected.
     */
    default boolean engineSide() {
        return false;
    }

    /** GPUs a resource may hold at most, counted against its namespace's quota; empty for none. */
    default List<GpuClaim> gpus(Resource resource) {
        return List.of();
    }

    /**
     * What a resource uses that namespace allow-lists govern (model URIs and revisions, images, GPUs per
     * replica, runtime arguments), each with its field; empty (the default) for a kind none applies to. The
     * backend ({@link #backend}) is governed for every kind without being listed here.
     */
    default List<Governed> governed(Resource resource) {
        return List.of();
    }

    /**
     * GPUs by type a resource occupies when running as {@code manifest} (desired or live, normalised):
     * what a plan's GPU change is counted from (replicas, or the autoscaler's minimum, times GPUs per
     * replica for a deployment); empty for none.
     */
    default Map<String, Integer> gpusPlaced(JsonNode manifest) {
        return Map.of();
    }

    /**
     * For a kind that spreads traffic by weight over other resources of its namespace (a route): the resource
     * with {@code percent} of the weight it gives {@code target} moved to {@code to}, in whole percents with
     * the sum kept; empty when it sends {@code target} no traffic, or the kind carries none. Progressive
     * delivery shifts a rolling deployment's traffic with it, on the backend only (Git is unchanged).
     */
    default Optional<Resource> shiftTraffic(Resource resource, String target, String to, int percent) {
        return Optional.empty();
    }

    /**
     * Where resources of this kind go in a plan: lower first (ModelDeployment 100, LoraAdapter 200,
     * InferenceRoute 300); deletions run in reverse. Ties are ordered by name.
     */
    int applyOrder();

    /** The columns the dashboard's resource table adds for this kind, read from the normalised manifest. */
    default List<Column> columns() {
        return List.of();
    }

    /**
     * One line about a resource for the dashboard and API, such as {@code vllm, 2 replicas x 1 H100-80GB on
     * sim-local}, from its normalised manifest (what {@link #spec} wrote, under {@code spec}); empty for none.
     */
    default String summary(JsonNode manifest) {
        return "";
    }

    /**
     * The progressive rollout a resource asks for when it changes; empty (the default) to apply changes at
     * once. A kind that returns one must also implement {@link #renamed}, which runs the canary.
     */
    default Optional<Rollout> rollout(Resource resource) {
        return Optional.empty();
    }

    /**
     * A copy of {@code resource} under another name in the same namespace, with the same spec: how a canary
     * runs beside the stable version on backends that know nothing of rollouts.
     */
    default Resource renamed(Resource resource, String name) {
        throw new UnsupportedOperationException(kind() + " cannot be renamed for a canary");
    }

    /** What one resource of this kind is called in running text, such as {@code deployment}. */
    default String noun() {
        return kind();
    }

    /** What several are called, such as {@code deployments}. */
    default String nounPlural() {
        return noun() + "s";
    }
}
