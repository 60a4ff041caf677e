package io.sextant.engine.windows;

import io.sextant.engine.security.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/windows}: every sync window in force, open now or not, with its next opening and what it
 * governs. A team-scoped reader sees the windows of the namespaces it may see and the global ones (engine
 * configuration's), never another team's freeze.
 */
@RestController
class WindowsController {

    private final SyncWindows windows;
    private final Clock clock;

    WindowsController(SyncWindows windows, Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    /**
     * @param openUntil when the opening in progress closes (null when closed now)
     * @param nextStart the next opening after the current one (null when none is ahead)
     * @param nextEnd   when that next opening closes
     */
    record Item(String name, String origin, String source, String type, String schedule, String timeZone,
                String duration, boolean manualSync, boolean open, Instant openUntil, Instant nextStart,
                Instant nextEnd, Governs governs) {}

    /** Empty lists govern everything; {@code labels} is null for no label criterion. */
    record Governs(List<String> namespaces, List<String> kinds, List<String> backends, List<String> sources,
                   JsonNode labels) {}

    @GetMapping("/api/v1/windows")
    Map<String, List<Item>> list() {
        Instant now = clock.instant();
        Visibility visible = Visibility.ofCaller();
        List<Item> items = windows.all().stream()
                .filter(w -> visible.everything() || w.origin().equals("config") || seesAll(visible, w))
                .map(w -> item(w, now)).toList();
        return Map.of("items", items);
    }

    /**
     * Whether a team-scoped reader sees a window from Git: it governs its own namespace, so the reader's
     * grants must name that namespace (on any backend). Global windows (configuration) are everyone's.
     */
    private static boolean seesAll(Visibility visible, Window w) {
        return !w.namespaces().isEmpty() && w.namespaces().stream().allMatch(ns -> visible.seesNamespace(ns));
    }

    private static Item item(Window w, Instant now) {
        Optional<Instant> until = w.times().openUntil(now);
        Optional<Instant> next = w.times().nextStart(now);
        return new Item(w.name(), w.origin(), w.source(), w.deny() ? "deny" : "allow", w.times().schedule(),
                w.times().zone().getId(), w.times().duration().toString(), w.manualSync(), until.isPresent(),
                until.orElse(null), next.orElse(null), next.map(w.times()::endOf).orElse(null),
                new Governs(w.namespaces(), w.kinds(), w.backends(), w.sources(),
                        w.labels() == null ? null : w.labels().toJson()));
    }
}
