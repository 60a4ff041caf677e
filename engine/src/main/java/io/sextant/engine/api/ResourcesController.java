package io.sextant.engine.api;

import io.sextant.engine.reconcile.DiffJson;
import io.sextant.engine.security.Visibility;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.suspend.SuspensionStore;
import io.sextant.engine.suspend.Suspensions;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/resources}: every managed resource and its status (DESIGN.md section 7). */
@RestController
@RequestMapping("/api/v1/resources")
class ResourcesController {

    private final ResourceTracker tracker;
    private final Kinds kinds;
    private final SuspensionStore suspensions;

    ResourcesController(ResourceTracker tracker, Kinds kinds, SuspensionStore suspensions) {
        this.tracker = tracker;
        this.kinds = kinds;
        this.suspensions = suspensions;
    }

    @GetMapping
    Map<String, List<ResourceItem>> list(@RequestParam(required = false) String namespace,
                                         @RequestParam(required = false) String kind,
                                         @RequestParam(required = false) String source) {
        Visibility visible = Visibility.ofCaller();
        Suspensions suspended = suspensions.all();
        List<ResourceItem> items = tracker.shared().stream()
                .filter(r -> visible.sees(r.key().namespace(), r.backend()))
                .filter(r -> namespace == null || r.key().namespace().equals(namespace))
                .filter(r -> kind == null || r.key().kind().apiName().equals(kind))
                .filter(r -> source == null || r.source().equals(source))
                .sorted(Comparator.comparing(TrackedResource::key, kinds.applyOrder()))
                .map(r -> ResourceItem.of(r, kinds, suspended))
                .toList();
        return Map.of("items", items);
    }

    @GetMapping("/{kind}/{namespace}/{name}")
    ResourceDetail one(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        KindDefinition definition = kinds.find(kind).orElseThrow(() -> new IllegalArgumentException(
                "unknown kind '" + kind + "' (expected " + kinds.expected() + ")"));
        ResourceKey key = new ResourceKey(Kind.of(definition.kind()), namespace, name);
        // A resource the caller may not see answers exactly as one that does not exist.
        Visibility visible = Visibility.ofCaller();
        TrackedResource resource = tracker.findShared(key).filter(r -> visible.sees(r.key().namespace(), r.backend()))
                .orElseThrow(() -> new NoSuchElementException("no resource " + key));
        return new ResourceDetail(ResourceItem.of(resource, kinds, suspensions.all()), resource.desired(), resource.observed(),
                DiffJson.of(resource.diff()), Conditions.of(resource));
    }
}
