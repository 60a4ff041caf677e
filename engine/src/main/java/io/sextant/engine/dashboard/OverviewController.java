package io.sextant.engine.dashboard;

import io.sextant.plugin.Health;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.security.Caller;
import io.sextant.engine.security.Visibility;
import io.sextant.engine.source.OrphanedResources;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/overview}: resource counts by sync, health and operation status, and where each
 * source's commits and pull requests can be opened on its Git host (null when unknown). It also says
 * whether the engine runs the embedded sample fleet ({@code notice} is then the banner's text) and which
 * sources left the configuration with resources still here ({@code orphans}). A person with team roles gets
 * the counts, sources and orphans of what they may see only.
 */
@RestController
class OverviewController {

    private final ResourceTracker tracker;
    private final SourceRegistry sources;
    private final OrphanedResources orphans;

    OverviewController(ResourceTracker tracker, SourceRegistry sources, OrphanedResources orphans) {
        this.tracker = tracker;
        this.sources = sources;
        this.orphans = orphans;
    }

    record SourceLinks(String name, CommitLinks links) {}

    /**
     * @param embeddedSample whether the engine runs the sample fleet instead of configured sources
     * @param notice         what the dashboard's banner says about it, or null
     * @param orphans        resources of sources no longer configured, and those sources' names
     * @param signedIn       the person signed in to this browser's session (who may sign out at
     *                       {@code POST /logout}), or null for a token or no sign-in
     */
    record Overview(int resources, Map<String, Integer> sync, Map<String, Integer> health,
                    Map<String, Integer> operation, List<SourceLinks> sources, boolean embeddedSample,
                    String notice, Orphans orphans, Caller signedIn) {}

    record Orphans(int resources, List<String> sources) {}

    @GetMapping("/api/v1/overview")
    Overview overview() {
        // Counts, sources and orphans of what the caller may see: totals would tell a team about the others.
        Visibility visible = Visibility.ofCaller();
        Collection<TrackedResource> all = tracker.all().stream()
                .filter(r -> visible.sees(r.key().namespace(), r.backend())).toList();
        java.util.Set<String> sourcesSeen = new java.util.HashSet<>();
        all.forEach(r -> sourcesSeen.add(r.source()));
        Map<String, Integer> sync = zeros(SyncStatus.values(), SyncStatus::apiName);
        Map<String, Integer> health = zeros(Health.values(), Health::apiName);
        Map<String, Integer> operation = zeros(OperationStatus.values(), OperationStatus::apiName);
        for (TrackedResource r : all) {
            sync.merge(r.sync().apiName(), 1, Integer::sum);
            health.merge(r.health().apiName(), 1, Integer::sum);
            operation.merge(r.operation().apiName(), 1, Integer::sum);
        }
        List<SourceLinks> links = sources.all().stream()
                .filter(s -> visible.everything() || sourcesSeen.contains(s.name()))
                .map(s -> new SourceLinks(s.name(), CommitLinks.of(s.properties()).orElse(null)))
                .toList();
        List<TrackedResource> orphaned = orphans.orphans().stream()
                .filter(r -> visible.sees(r.key().namespace(), r.backend())).toList();
        List<String> orphanSources = orphaned.stream().map(TrackedResource::source).distinct().sorted().toList();
        return new Overview(all.size(), sync, health, operation, links, sources.embeddedSample(),
                sources.sampleNotice(),
                new Orphans(orphaned.size(), orphanSources), Caller.signedIn().orElse(null));
    }

    // Every status is listed, zero or not, so a script or chart sees a stable set of keys.
    private static <T> Map<String, Integer> zeros(T[] values, Function<T, String> name) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (T value : values) {
            counts.put(name.apply(value), 0);
        }
        return counts;
    }
}
