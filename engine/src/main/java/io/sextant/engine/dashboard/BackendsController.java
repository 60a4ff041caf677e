package io.sextant.engine.dashboard;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.security.Visibility;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/backends}: each configured backend with its GPUs by type, used and total.
 * {@code capacityKnown} is false for a backend that cannot report capacity, or could not be asked
 * ({@code error} then says why). A person with team roles sees only the backends their roles are bound to.
 */
@RestController
class BackendsController {

    private final BackendRegistry backends;

    BackendsController(BackendRegistry backends) {
        this.backends = backends;
    }

    record Gpus(String type, int used, int total) {}

    record BackendItem(String name, String type, boolean capacityKnown, List<Gpus> gpus, String error) {}

    @GetMapping("/api/v1/backends")
    Map<String, List<BackendItem>> list() {
        // A team sees the backends its roles are bound to; another team's backends are not theirs to learn of.
        Visibility visible = Visibility.ofCaller();
        return Map.of("items", backends.all().stream().filter(applier -> visible.seesBackend(applier.name()))
                .map(BackendsController::item).toList());
    }

    private static BackendItem item(Applier applier) {
        try {
            GpuCapacity capacity = applier.capacity();
            List<Gpus> gpus = capacity.pools().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new Gpus(e.getKey(), e.getValue().used(), e.getValue().total()))
                    .toList();
            return new BackendItem(applier.name(), applier.type(), capacity.known(), gpus, null);
        } catch (BackendException e) {
            return new BackendItem(applier.name(), applier.type(), false, List.of(),
                    "cannot read GPU capacity: " + e.getMessage());
        }
    }
}
