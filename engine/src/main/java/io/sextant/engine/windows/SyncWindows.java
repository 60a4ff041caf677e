package io.sextant.engine.windows;

import io.sextant.engine.reconcile.PlanStep;
import io.sextant.engine.reconcile.WindowGate;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The sync windows in force: the {@code SyncWindow} resources the engine tracks (from any source), each in
 * the last valid version of its file, plus the global ones of engine configuration. Argo CD's rules: while any allow window governs a change,
 * it applies only inside one; an open deny window holds it; deny wins over allow. A held change waits
 * until the earliest time both hold no more; the run asks for a reconcile then ({@link #releaseAt}).
 */
@Component
public class SyncWindows implements WindowGate {

    static final String KIND = "SyncWindow";
    /** Notifications tell a window's hold from other blocks by this start of the audit event's error. */
    public static final String HELD_PREFIX = "held by sync window ";
    private static final Logger log = LoggerFactory.getLogger(SyncWindows.class);
    /** Bounds the search for a time every window lets a change through (deny and allow windows alternating). */
    private static final int MAX_HOPS = 100;

    private final ResourceTracker tracker;
    private final Clock clock;
    private final List<Window> global;
    private final Map<String, Instant> releases = new ConcurrentHashMap<>();

    SyncWindows(ResourceTracker tracker, Clock clock, WindowsProperties properties) {
        this.tracker = tracker;
        this.clock = clock;
        this.global = properties.syncWindows().stream().map(SyncWindows::fromConfig).toList();
    }

    private static Window fromConfig(WindowsProperties.Entry e) {
        return new Window("config/" + e.name(), "config", null, "deny".equals(e.type()), e.times(), e.manualSync(),
                e.namespaces(), e.kinds(), e.backends(), e.sources(),
                e.matchLabels().isEmpty() ? null : new LabelSelector(e.matchLabels(), List.of()));
    }

    /** Every window in force: configuration's first, then Git's by namespace and name. */
    List<Window> all() {
        return all(tracker.all());
    }

    /**
     * The windows of configuration and of {@code tracked}. A window's version in force is its recorded live
     * state: the last valid version of its file, which a broken edit of that file leaves in force (a freeze is
     * not dissolved by a typo); a window that never was valid is not in force.
     */
    private List<Window> all(Collection<TrackedResource> tracked) {
        List<Window> windows = new ArrayList<>(global);
        tracked.stream()
                .filter(r -> r.key().kind().name().equals(KIND) && r.observed() != null)
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .forEach(r -> fromGit(r).ifPresent(windows::add));
        return windows;
    }

    private static Optional<Window> fromGit(TrackedResource r) {
        JsonNode spec = r.observed().path("spec");
        JsonNode selector = spec.path("selector");
        try {
            WindowTimes times = WindowTimes.of(spec.path("schedule").asString(), spec.path("timeZone").asString("UTC"),
                    Duration.parse(spec.path("duration").asString()));
            LabelSelector labels = selector.has("matchLabels") || selector.has("matchExpressions")
                    ? LabelSelector.read(selector) : null;
            return Optional.of(new Window(r.key().namespace() + "/" + r.key().name(), "git", r.source(),
                    "deny".equals(spec.path("type").asString()), times, spec.path("manualSync").asBoolean(false),
                    List.of(r.key().namespace()), texts(selector.path("kinds")), texts(selector.path("backends")),
                    texts(selector.path("sources")), labels));
        } catch (RuntimeException e) {
            // The kind's validation accepted it, so this is a schedule the two cron readers disagree on.
            log.warn("sync window {} is ignored: {}", r.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    @Override
    public Run open(String source, Instant now) {
        return run(all(), source, now, true);
    }

    @Override
    public Run preview(String source, Instant now, List<TrackedResource> atCommit) {
        List<TrackedResource> tracked = new ArrayList<>(tracker.all().stream()
                .filter(r -> !source.equals(r.source())).toList());
        tracked.addAll(atCommit);
        return run(all(tracked), source, now, false);
    }

    private Run run(List<Window> windows, String source, Instant now, boolean recordRelease) {
        if (windows.isEmpty()) {
            return NO_WINDOWS;
        }
        Map<List<Window>, Optional<Held>> byGoverning = new HashMap<>();
        return (step, manual) -> {
            Window.Target target = target(step, source);
            List<Window> governing = windows.stream().filter(w -> w.governs(target)).toList();
            if (governing.isEmpty()) {
                return Optional.empty();
            }
            Optional<Held> held = byGoverning.computeIfAbsent(governing, g -> Verdicts.held(g, now, MAX_HOPS));
            if (held.isPresent() && manual && Verdicts.manualAllowed(governing, now)) {
                return Optional.empty();
            }
            if (recordRelease) {
                held.map(Held::until).ifPresent(until -> releases.merge(source, until, (a, b) -> a.isBefore(b) ? a : b));
            }
            return held;
        };
    }

    /**
     * The earliest time a change of {@code source} held by its last runs may apply, forgotten once asked: the
     * reconciler dispatches a run then, instead of waiting for a poll.
     */
    public Optional<Instant> releaseAt(String source) {
        return Optional.ofNullable(releases.remove(source));
    }

    private Window.Target target(PlanStep step, String source) {
        ResourceKey key = step.key();
        Map<String, String> labels = step.desired() != null ? step.desired().resource().metadata().labels()
                : tracker.find(key).map(r -> r.desired() != null ? r.desired() : r.observed()).map(SyncWindows::labels)
                        .orElse(Map.of()); // a deletion: the labels it had
        return new Window.Target(key.kind().name(), key.namespace(), key.name(), step.backend(), source, labels);
    }

    private static Map<String, String> labels(JsonNode manifest) {
        Map<String, String> labels = new HashMap<>();
        manifest.path("metadata").path("labels").forEachEntry((k, v) -> labels.put(k, v.asString()));
        return labels;
    }
}
