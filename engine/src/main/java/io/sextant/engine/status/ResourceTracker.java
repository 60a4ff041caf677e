package io.sextant.engine.status;

import io.sextant.spec.api.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import io.sextant.engine.events.ResourceRemoved;
import io.sextant.engine.events.ResourceStatusChanged;

/**
 * The status of every managed resource, kept in memory for the API and persisted so a restarted
 * engine knows what it manages (and so never prunes or re-applies blindly).
 */
@Component
public class ResourceTracker {

    private final Map<ResourceKey, TrackedResource> resources = new ConcurrentHashMap<>();
    private final StatusRepository repository;
    private final ApplicationEventPublisher events;

    public ResourceTracker(StatusRepository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
        repository.loadResources().forEach(r -> resources.put(r.key(), r));
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
        stored.forEach((key, fresh) -> {
            TrackedResource mine = resources.get(key);
            resources.put(key, mine == null ? fresh : new TrackedResource(key, fresh.source(), fresh.backend(),
                    fresh.sync(), fresh.health(), fresh.operation(), fresh.message(), fresh.desiredRevision(),
                    fresh.appliedRevision(), fresh.lastSyncedAt(), mine.desired(), mine.observed(), mine.diff(),
                    mine.driftReported()));
        });
    }

    public Optional<TrackedResource> find(ResourceKey key) {
        return Optional.ofNullable(resources.get(key));
    }

    public Collection<TrackedResource> all() {
        return resources.values();
    }

    public List<TrackedResource> ofSource(String source) {
        return resources.values().stream().filter(r -> r.source().equals(source)).toList();
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
        for (TrackedResource resource : statuses) {
            TrackedResource previous = resources.put(resource.key(), resource);
            if (previous == null || !sameDurableState(previous, resource)) {
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
     * Moves the desired revision of {@code source}'s resources among {@code keys} to {@code revision}:
     * what {@link #put} of {@code withDesiredRevision} does for each, without its per-resource checks,
     * because a commit moves every resource in Git. Not stored: a restart sets it again.
     */
    public void moveDesiredRevision(String source, Collection<ResourceKey> keys, String revision) {
        for (ResourceKey key : keys) {
            TrackedResource current = resources.get(key);
            if (current != null && current.source().equals(source) && !revision.equals(current.desiredRevision())) {
                TrackedResource moved = current.withDesiredRevision(revision);
                if (resources.replace(key, current, moved)) {
                    events.publishEvent(new ResourceStatusChanged(moved, current));
                }
            }
        }
    }

    public void remove(ResourceKey key) {
        TrackedResource removed = resources.remove(key);
        if (removed != null) {
            repository.deleteResource(key);
            events.publishEvent(new ResourceRemoved(key, removed.source()));
        }
    }

    private static boolean sameDurableState(TrackedResource a, TrackedResource b) {
        return a.source().equals(b.source())
                && java.util.Objects.equals(a.backend(), b.backend())
                && a.sync() == b.sync()
                && a.health() == b.health()
                && a.operation() == b.operation()
                && a.message().equals(b.message())
                && java.util.Objects.equals(a.appliedRevision(), b.appliedRevision())
                && java.util.Objects.equals(a.lastSyncedAt(), b.lastSyncedAt());
    }
}
