package io.sextant.engine.api;

import io.sextant.plugin.Column;
import io.sextant.plugin.KindDefinition;
import io.sextant.spec.api.Kinds;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/kinds}: every kind the engine serves, in apply order, with what the dashboard needs to
 * show its resources (names, columns as JSON Pointers into the desired manifest) and the apiVersions it
 * accepts. The dashboard renders any kind from this, plugin kinds included.
 */
@RestController
@RequestMapping("/api/v1/kinds")
class KindsController {

    /** One kind as the API shows it. */
    record KindItem(String kind, List<String> apiVersions, String storedVersion, int applyOrder, String noun,
                    String nounPlural, List<Column> columns) {

        static KindItem of(KindDefinition d) {
            return new KindItem(d.kind(), d.apiVersions(), d.storedVersion(), d.applyOrder(), d.noun(), d.nounPlural(),
                    d.columns());
        }
    }

    private final Kinds kinds;

    KindsController(Kinds kinds) {
        this.kinds = kinds;
    }

    @GetMapping
    Map<String, List<KindItem>> list() {
        return Map.of("items", kinds.definitions().stream().map(KindItem::of).toList());
    }
}
