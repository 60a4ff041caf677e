package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scriptable in-memory backend (the {@link Applier} SPI): live state is a map, every call is recorded,
 * any operation can be made to fail with a transient or permanent {@link BackendException}, and live
 * state can be changed out of band.
 */
final class FakeApplier implements Applier {

    /** The calls an applier takes. */
    enum Op { OBSERVE, APPLY, DELETE }

    /** One recorded call. */
    record Call(Op op, ResourceKey key) {}

    private final String name;
    private final Map<ResourceKey, ObservedResource> live = new ConcurrentHashMap<>();
    private final Map<Op, BackendException> failures = new ConcurrentHashMap<>();
    private final Map<Call, BackendException> failuresOf = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile Consumer<ResourceKey> onWrite = key -> { };

    @Override
    public java.util.Set<io.sextant.plugin.Kind> kinds() {
        return java.util.Set.of(io.sextant.spec.kinds.ModelDeployment.KIND, io.sextant.spec.kinds.LoraAdapter.KIND,
                io.sextant.spec.kinds.InferenceRoute.KIND);
    }

    FakeApplier(String name) {
        this.name = name;
    }

    /** Every call of {@code op} fails with {@code failure} until {@link #heal}. */
    FakeApplier fail(Op op, BackendException failure) {
        failures.put(op, failure);
        return this;
    }

    static BackendException transientError(String message) {
        return BackendException.transientFailure(message, null);
    }

    static BackendException permanentError(String message) {
        return BackendException.permanent(message, null);
    }

    /** Runs {@code hook} at every apply or delete, before it takes effect: to look at the engine mid-run. */
    void onWrite(Consumer<ResourceKey> hook) {
        onWrite = hook;
    }

    /** Every call of {@code op} on {@code key} fails with {@code failure} until {@link #heal}. */
    FakeApplier fail(Op op, ResourceKey key, BackendException failure) {
        failuresOf.put(new Call(op, key), failure);
        return this;
    }

    /** Every operation works again. */
    void heal() {
        failures.clear();
        failuresOf.clear();
    }

    /** Puts a live resource there, as if someone else had made it. */
    void putLive(ResourceKey key, JsonNode manifest) {
        live.put(key, new ObservedResource(key, manifest, Health.HEALTHY, "serving"));
    }

    /** Changes one top-level field of {@code spec} of a live resource, out of band. */
    void setSpecField(ResourceKey key, String field, JsonNode value) {
        ObjectNode changed = (ObjectNode) live.get(key).manifest().deepCopy();
        ((ObjectNode) changed.get("spec")).set(field, value);
        putLive(key, changed);
    }

    void removeOutOfBand(ResourceKey key) {
        live.remove(key);
    }

    Optional<JsonNode> liveManifest(ResourceKey key) {
        return Optional.ofNullable(live.get(key)).map(ObservedResource::manifest);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one kind, in order. */
    synchronized List<ResourceKey> calls(Op op) {
        return calls.stream().filter(c -> c.op() == op).map(Call::key).toList();
    }

    /** Only writes: what changed the backend (or tried to). */
    synchronized List<Call> writes() {
        return calls.stream().filter(c -> c.op() != Op.OBSERVE).toList();
    }

    synchronized void forgetCalls() {
        calls.clear();
    }

    private void call(Op op, ResourceKey key) throws BackendException {
        synchronized (this) {
            calls.add(new Call(op, key));
        }
        if (op != Op.OBSERVE) {
            onWrite.accept(key);
        }
        BackendException failure = failuresOf.getOrDefault(new Call(op, key), failures.get(op));
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        call(Op.OBSERVE, key);
        return Optional.ofNullable(live.get(key));
    }

    @Override
    public List<ObservedResource> observeAll() {
        return List.copyOf(live.values());
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        call(Op.APPLY, desired.key());
        putLive(desired.key(), desired.manifest());
        return live.get(desired.key());
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        call(Op.DELETE, key);
        live.remove(key);
    }

    @Override
    public GpuCapacity capacity() {
        return GpuCapacity.unknown();
    }
}
