package io.sextant.appliers.kubernetes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sextant's own writes, in front of the informer caches until their watch events arrive. Without it an
 * apply's object would read as absent (or as before) from the cache for the few milliseconds until the
 * watch catches up, and the next observe would see its own write as missing. An entry is dropped as soon
 * as the watch delivers that version or a newer one (resource versions are etcd revisions, which only grow).
 */
final class WriteOverlay {

    /** A deletion: the object reads as absent until the watch says it is gone. */
    private static final Optional<ObjectNode> GONE = Optional.empty();

    private record Written(long version, Optional<ObjectNode> object) {}

    private final Map<String, Written> written = new ConcurrentHashMap<>();
    /** Applies sent and not answered yet: their watch event may arrive before their answer does. */
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    void writing(KubeKind kind, String name) {
        inFlight.merge(key(kind, name), 1, Integer::sum);
    }

    void answered(KubeKind kind, String name) {
        inFlight.computeIfPresent(key(kind, name), (k, n) -> n > 1 ? n - 1 : null);
    }

    void wrote(KubeKind kind, ObjectNode answer) {
        written.put(key(kind, KubeJson.name(answer)), new Written(version(answer), Optional.of(answer)));
    }

    void deleted(KubeKind kind, String name) {
        written.put(key(kind, name), new Written(Long.MAX_VALUE, GONE));
    }

    /** What Sextant wrote last, when the cache has not caught up with it; null otherwise. */
    Optional<ObjectNode> get(KubeKind kind, String name) {
        Written entry = written.get(key(kind, name));
        return entry == null ? null : entry.object();
    }

    /** The cached object, or the newer write of it (empty when Sextant deleted it since). */
    Optional<ObjectNode> newer(KubeKind kind, ObjectNode cached) {
        Optional<ObjectNode> mine = get(kind, KubeJson.name(cached));
        return mine != null ? mine : Optional.of(cached);
    }

    /** Whether this version of the object is one Sextant wrote (its apply's answer). */
    boolean isOwnWrite(KubeKind kind, String name, long version) {
        if (inFlight.containsKey(key(kind, name))) {
            return true; // an edit racing Sextant's own apply is left to the periodic drift scan
        }
        Written entry = written.get(key(kind, name));
        return entry != null && entry.version() == version;
    }

    /** The watch delivered {@code version} of the object (or its deletion): drop what it caught up with. */
    void seen(KubeKind kind, String name, long version, boolean deletion) {
        written.computeIfPresent(key(kind, name), (k, entry) -> deletion
                || (entry.object().isPresent() && version >= entry.version()) ? null : entry);
    }

    static long version(ObjectNode object) {
        try {
            return Long.parseLong(object.path("metadata").path("resourceVersion").asString("-1"));
        } catch (NumberFormatException e) {
            return -1; // an API server with opaque versions: the next event drops the entry (see seen)
        }
    }

    private static String key(KubeKind kind, String name) {
        return kind.name() + "/" + name;
    }
}
