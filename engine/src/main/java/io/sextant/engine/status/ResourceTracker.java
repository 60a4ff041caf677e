package io.sextant.engine.status;

import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The status of every managed resource, kept in memory for the API and persisted so a restarted
 * engine knows what it manages (and so never prunes or re-applies blindly).
 *
 * <p>Two things are kept per source so that a commit costs what it changes, not what the source holds:
 * the desired revision, which every resource of a source shares (a commit moves them all, so it is one
 * value, applied as resources are read), and the set of resources that need another look.
 */
@Component
public class ResourceTracker {

    private final Map<ResourceKey, TrackedResource> resources = new ConcurrentHashMap<>();
    private final Map<String, String> desiredRevisions = new ConcurrentHashMap<>();
    private final Map<String, Set<ResourceKey>> attention = new ConcurrentHashMap<>();
    private final StatusRepository repository;
    private final ApplicationEventPublisher events;
    private final List<StatusVerdict> verdicts;

    public ResourceTracker(StatusRepository repository, ApplicationEventPublisher events) {
        this(repository, events, List.of());
    }

    /** @param verdicts applied, in order, to every status recorded (see {@link StatusVerdict}) */
    @org.springframework.beans.factory.annotation.Autowired
    public ResourceTracker(StatusRepository repository, ApplicationEventPublisher events, List<StatusVerdict> verdicts) {
        this.repository = repository;
        this.events = events;
        this.verdicts = List.copyOf(verdicts);
        repository.loadResources().forEach(r -> {
            resources.put(r.key(), r);
            noteAttention(r, null);
        });
    }

    /**
     * Replaces what this process holds of a source's resources with the database's view, keeping the
     * desired and observed documents it has; used in a cluster, where another replica may have run the
     * source's previous reconcile.
     */
    public void reload(String source) {
        Map<ResourceKey, TrackedResource> stored = new java.util.HashMap<>();
        repository.loadResources().stream().filter(r -> r.source().equals(source)).forEach(r -> stored.put(r.key(), r));
        for (TrackedResource mine : ofSource(source)) {
            if (!stored.containsKey(mine.key())) {
                resources.remove(mine.key());
            }
        }
        attention.remove(source);
        desiredRevisions.remove(source);
        stored.forEach((key, fresh) -> {
            TrackedResource mine = resources.get(key);
            // The documents are this process's last view, for the detail page only: what a run decides on
            // (applied digest, drift reported, failure) is the stored record.
            TrackedResource merged = mine == null ? fresh : new TrackedResource(key, fresh.source(), fresh.backend(),
                    fresh.sync(), fresh.health(), fresh.operation(), fresh.message(), fresh.desiredRevision(),
                    fresh.appliedRevision(), fresh.lastSyncedAt(), mine.desired(), mine.observed(), mine.diff(),
                    fresh.driftReported(), fresh.appliedDigest(), fresh.failure());
            resources.put(key, merged);
            noteAttention(merged, null);
        });
    }

    /**
     * The statuses as stored, read now: in a cluster they include what other replicas' runs wrote since this
     * process last reloaded a source. Read only; what this process holds is left as it is.
     */
    public Map<ResourceKey, TrackedResource> stored() {
        Map<ResourceKey, TrackedResource> stored = new java.util.HashMap<>();
        repository.loadResources().forEach(r -> stored.put(r.key(), r));
        return stored;
    }

    /**
     * Every resource as the cluster last recorded it, for readers (the API): in a cluster another replica may
     * have run the source since this process last did, and a status read only from memory would then be stale
     * or missing (a held change shown as held by one replica only, a new resource answering 404 on the other).
     * Durable fields (sync, health, operation, message, revisions, failure) come from the store, which every
     * status change that matters is written to; the documents, and resources nothing was done to yet (not
     * stored), are this process's. Costs one read of the status table.
     */
    public Collection<TrackedResource> shared() {
        Map<ResourceKey, TrackedResource> merged = new java.util.LinkedHashMap<>(resources);
        for (TrackedResource fresh : repository.loadResources()) {
            TrackedResource mine = resources.get(fresh.key());
            merged.put(fresh.key(), mine == null ? fresh : new TrackedResource(fresh.key(), fresh.source(),
                    fresh.backend(), fresh.sync(), fresh.health(), fresh.operation(), fresh.message(),
                    fresh.desiredRevision(), fresh.appliedRevision(), fresh.lastSyncedAt(), mine.desired(),
                    mine.observed(), mine.diff(), fresh.driftReported(), fresh.appliedDigest(), fresh.failure()));
        }
        return merged.values().stream().map(this::current).toList();
    }

    /** {@link #shared()} of one resource. */
    public Optional<TrackedResource> findShared(ResourceKey key) {
        return shared().stream().filter(r -> r.key().equals(key)).findFirst();
    }

    public Optional<TrackedResource> find(ResourceKey key) {
        return Optional.ofNullable(resources.get(key)).map(this::current);
    }

    public Collection<TrackedResource> all() {
        return resources.values().stream().map(this::current).toList();
    }

    public List<TrackedResource> ofSource(String source) {
        return resources.values().stream().filter(r -> r.source().equals(source)).map(this::current).toList();
    }

    /** Whether any resource of {@code source} needs another look ({@link TrackedResource#needsAttention}). */
    public boolean needsAttention(String source) {
        return !attention(source).isEmpty();
    }

    /** The resources of {@code source} that need another look, whatever Git does. */
    public Set<ResourceKey> attention(String source) {
        return Set.copyOf(attention.getOrDefault(source, Set.of()));
    }

    /**
     * Records a new status; persisted only when something a restart needs has changed (a new desired
     * revision alone is not: the first reconcile after a restart sets it again).
     */
    public void put(TrackedResource resource) {
        putAll(List.of(resource));
    }

    /**
     * {@link #put} of many statuses, persisted together in one transaction; events are published per
     * resource as {@code put} does, after the statuses are stored.
     */
    public void putAll(Collection<TrackedResource> statuses) {
        List<TrackedResource> toSave = new ArrayList<>();
        List<ResourceStatusChanged> changes = new ArrayList<>();
        for (TrackedResource written : statuses) {
            TrackedResource resource = judged(written);
            TrackedResource previous = resources.put(resource.key(), resource);
            noteAttention(resource, previous);
            if (previous == null ? worthStoring(resource) : !sameDurableState(previous, resource)) {
                toSave.add(resource);
            }
            if (!resource.equals(previous)) {
                changes.add(new ResourceStatusChanged(resource, previous));
            }
        }
        repository.saveResources(toSave);
        changes.forEach(events::publishEvent);
    }

    /**
     * Applies the verdicts again to every status held, for verdicts that change with time alone (a deadline
     * passing). Each change is a compare-and-set on the status it judged: a status another writer recorded
     * meanwhile was judged on its way in, so it is kept, never overwritten with one made from a stale read. In a
     * cluster another replica may have stored a newer status than this process holds, so a change is also made
     * only while the stored status is still the one judged (one read of the status table, only when something
     * is to change); the replica that wrote the newer one judged it itself.
     */
    public void rejudge() {
        List<TrackedResource> candidates = resources.values().stream().filter(r -> !judged(r).equals(r)).toList();
        if (candidates.isEmpty()) {
            return;
        }
        Map<ResourceKey, TrackedResource> stored = stored();
        List<TrackedResource> toSave = new ArrayList<>();
        List<ResourceStatusChanged> changes = new ArrayList<>();
        for (TrackedResource held : candidates) {
            TrackedResource inStore = stored.get(held.key());
            if (inStore == null || !sameDurableState(inStore, held)) {
                continue;
            }
            TrackedResource judged = judged(held);
            if (resources.replace(held.key(), held, judged)) {
                noteAttention(judged, held);
                if (!sameDurableState(held, judged)) {
                    toSave.add(judged);
                }
                changes.add(new ResourceStatusChanged(judged, held));
            }
        }
        repository.saveResources(toSave);
        changes.forEach(events::publishEvent);
    }

    private TrackedResource judged(TrackedResource status) {
        TrackedResource judged = status;
        for (StatusVerdict verdict : verdicts) {
            judged = verdict.judge(judged);
        }
        return judged;
    }

    /**
     * Moves the desired revision of every resource of {@code source} to {@code revision}, in O(1): a
     * commit moves them all. Not stored: a restart sets it again. The dashboard learns of it from the
     * reconcile's end, not from an event per resource.
     */
    public void moveDesiredRevision(String source, String revision) {
        desiredRevisions.put(source, revision);
    }

    public void remove(ResourceKey key) {
        TrackedResource removed = resources.remove(key);
        if (removed != null) {
            attention(removed.source(), false).remove(key);
            repository.deleteResource(key);
            events.publishEvent(new ResourceRemoved(key, removed.source()));
        }
    }

    /** A stored status as readers see it: with its source's desired revision. */
    private TrackedResource current(TrackedResource stored) {
        String revision = desiredRevisions.get(stored.source());
        return revision == null || revision.equals(stored.desiredRevision()) ? stored : stored.withDesiredRevision(revision);
    }

    private void noteAttention(TrackedResource resource, TrackedResource previous) {
        if (previous != null && !previous.source().equals(resource.source())) {
            attention(previous.source(), false).remove(previous.key());
        }
        if (resource.needsAttention()) {
            attention(resource.source(), true).add(resource.key());
        } else {
            attention(resource.source(), false).remove(resource.key());
        }
    }

    private Set<ResourceKey> attention(String source, boolean create) {
        return create ? attention.computeIfAbsent(source, s -> ConcurrentHashMap.newKeySet())
                : attention.getOrDefault(source, java.util.Collections.emptySet()); // remove() on it is a no-op
    }

    /**
     * Whether a resource seen for the first time is stored now. One that nothing was done to yet (no
     * live revision, no operation) waits for its first step: a first sync would otherwise write every
     * status twice. A restart loses nothing by it: nothing of it is live to prune, and the start-up
     * reconcile assesses everything in Git again; a step applied before a crash is in the sync journal.
     */
    private static boolean worthStoring(TrackedResource resource) {
        return resource.appliedRevision() != null || resource.operation() != OperationStatus.NONE;
    }

    private static boolean sameDurableState(TrackedResource a, TrackedResource b) {
        return a.source().equals(b.source())
                && java.util.Objects.equals(a.backend(), b.backend())
                && a.sync() == b.sync()
                && a.health() == b.health()
                && a.operation() == b.operation()
                && a.message().equals(b.message())
                && java.util.Objects.equals(a.appliedRevision(), b.appliedRevision())
                && java.util.Objects.equals(a.lastSyncedAt(), b.lastSyncedAt())
                && java.util.Objects.equals(a.appliedDigest(), b.appliedDigest())
                && java.util.Objects.equals(a.driftReported(), b.driftReported())
                && java.util.Objects.equals(a.failure(), b.failure());
    }
}
