package io.sextant.appliers.sim;

import io.sextant.appliers.api.Secrets;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.appliers.api.DriftControl;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.api.WriteCounting;
import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import io.sextant.plugin.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code sim} backend: a simulated GPU cluster. Every change is journaled before it is made in
 * memory, so a failed disk write leaves the live state as it was and the engine may retry.
 */
final class SimApplier implements Applier, DriftControl, WriteCounting {

    private static final Logger log = LoggerFactory.getLogger(SimApplier.class);

    private final String name;
    private final Duration latency;
    private final SimCluster cluster;
    /** Nodes and their disks, offered to the kinds this backend serves (a plugin's cache of weights, say). */
    private final SimDisks disks;
    /** Null when the backend keeps state in memory only. */
    private final SimJournal journal;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writeCalls = new AtomicLong();
    /** Per-version synthetic serving metrics, read by canary analysis (issue 12). */
    private final SimServingMetrics servingMetrics = new SimServingMetrics();

    /** Like a real serving process, a deployment does not start without the credentials it names. */
    private final Secrets secrets;

    SimApplier(String name, SimSettings settings, Path dataDir, int minCompactRecords) {
        this(name, settings, dataDir, minCompactRecords, Secrets.NONE);
    }

    SimApplier(String name, SimSettings settings, Path dataDir, int minCompactRecords, Secrets secrets) {
        this.name = name;
        this.secrets = secrets;
        this.latency = settings.latency();
        this.cluster = new SimCluster(name, settings.gpus());
        try {
            this.journal = dataDir == null ? null : SimJournal.open(dataDir, name, minCompactRecords, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("sim backend '" + name + "': cannot open state in " + dataDir, e);
        }
        // After the journal, which made the directory and holds its lock.
        this.disks = new SimDisks(name, settings, java.time.Clock.systemUTC(),
                dataDir == null ? SimDiskState.inMemory() : SimDiskState.in(dataDir));
    }

    SimServingMetrics servingMetrics() {
        return servingMetrics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return SimApplierFactory.TYPE;
    }

    /** Its nodes and their disks, as {@link io.sextant.plugin.SimNodes}. */
    @Override
    public <T> Optional<T> facet(Class<T> type) {
        return type.isInstance(disks) ? Optional.of(type.cast(disks)) : Optional.empty();
    }

    /** All three built-in kinds; a plugin kind runs here through its {@code KindSupport} for {@code sim}. */
    @Override
    public Set<Kind> kinds() {
        return SimHealth.kinds();
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        return read(() -> Optional.ofNullable(cluster.get(key)).map(cluster::observe));
    }

    @Override
    public List<ObservedResource> observeAll() throws BackendException {
        return read(() -> cluster.all().stream().map(cluster::observe).toList());
    }

    @Override
    public GpuCapacity capacity() throws BackendException {
        return read(cluster::capacity);
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        writeCalls.incrementAndGet();
        ResourceKey key = desired.key();
        if (!(desired.manifest() instanceof ObjectNode manifest)) {
            throw BackendException.permanent("sim backend '" + name + "': " + key + " has no manifest object", null);
        }
        // Resolved and dropped: the sim only proves the value is there, as a serving process would need it.
        secrets.requireAll(desired.resource());
        return write(() -> {
            SimEntry current = cluster.get(key);
            if (current == null || !SimJson.same(current.manifest, manifest)) {
                ObjectNode copy = manifest.deepCopy();
                if (journal != null) {
                    journal.put(key, copy);
                }
                cluster.put(key, copy);
                writes.incrementAndGet();
            }
            return cluster.observe(cluster.get(key));
        });
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        writeCalls.incrementAndGet();
        write(() -> {
            if (remove(key)) {
                writes.incrementAndGet();
            }
            return null;
        });
    }

    @Override
    public void setField(ResourceKey key, String pointer, JsonNode value) throws BackendException {
        write(() -> {
            SimEntry current = cluster.get(key);
            if (current == null) {
                throw BackendException.permanent("sim backend '" + name + "': " + key + " does not exist", null);
            }
            ObjectNode edited = current.manifest.deepCopy();
            try {
                SimJson.set(edited, pointer, value);
            } catch (IllegalArgumentException e) {
                throw BackendException.permanent("sim backend '" + name + "': " + key + ": " + e.getMessage(), e);
            }
            if (!SimJson.same(edited, current.manifest)) {
                if (journal != null) {
                    journal.drift(key, pointer, value == null ? NullNode.getInstance() : value);
                }
                cluster.put(key, edited);
            }
            return null;
        });
    }

    @Override
    public void removeOutOfBand(ResourceKey key) throws BackendException {
        write(() -> remove(key));
    }

    @Override
    public long writeCount() {
        return writes.get();
    }

    @Override
    public long writeCalls() {
        return writeCalls.get();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (journal != null) {
                journal.close();
            }
        } catch (IOException e) {
            log.warn("sim backend '{}': closing its journal failed", name, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean remove(ResourceKey key) throws IOException {
        if (cluster.get(key) == null) {
            return false;
        }
        if (journal != null) {
            journal.delete(key);
        }
        cluster.delete(key);
        return true;
    }

    /** A change made under the write lock; it may fail on disk or with a backend error. */
    private interface Step<T> {
        T run() throws IOException, BackendException;
    }

    private <T> T write(Step<T> step) throws BackendException {
        pause();
        lock.writeLock().lock();
        try {
            T result = step.run();
            compactIfDue();
            return result;
        } catch (IOException e) {
            throw BackendException.transientFailure("sim backend '" + name + "': cannot write its journal: " + e, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Callable<T> query) throws BackendException {
        pause();
        lock.readLock().lock();
        try {
            return query.call();
        } catch (Exception e) {
            throw BackendException.permanent("sim backend '" + name + "': " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A compaction failure loses nothing (the journal still has every record), so the write stands. */
    private void compactIfDue() {
        if (journal != null && journal.compactionDue(cluster.size())) {
            try {
                journal.compact(cluster.snapshot());
            } catch (IOException | RuntimeException e) {
                log.warn("sim backend '{}': compacting its journal failed; will retry on a later write", name, e);
            }
        }
    }

    /** The configured latency, outside the lock so concurrent calls wait in parallel as on a real backend. */
    private void pause() throws BackendException {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure("sim backend '" + name + "': interrupted", e);
        }
    }
}
