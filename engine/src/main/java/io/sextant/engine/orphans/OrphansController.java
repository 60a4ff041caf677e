package io.sextant.engine.orphans;

import io.sextant.engine.security.Visibility;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/orphans}: objects Sextant made whose resource is no longer in Git, as the last scans found
 * them. A caller sees those whose resource namespace and backend its team roles let it see, as for resources.
 */
@RestController
class OrphansController {

    private final OrphanScan scan;

    OrphansController(OrphanScan scan) {
        this.scan = scan;
    }

    @GetMapping("/api/v1/orphans")
    Map<String, List<Orphan>> list(@RequestParam(required = false) String backend) {
        Visibility visible = Visibility.ofCaller();
        return Map.of("items", scan.orphans().stream()
                .filter(o -> visible.sees(o.resource().namespace(), o.backend()))
                .filter(o -> backend == null || o.backend().equals(backend))
                .toList());
    }
}
