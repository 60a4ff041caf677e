package io.sextant.engine.api;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.SourceView;
import io.sextant.engine.reconcile.Trigger;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/sync}: "sync now" for one source or all; the reconcile runs asynchronously. */
@RestController
class SyncController {

    private final Reconciler reconciler;

    SyncController(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @PostMapping("/api/v1/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, List<String>> sync(@RequestParam(required = false) String source) {
        if (source != null) {
            reconciler.request(source, Trigger.MANUAL);
            return Map.of("accepted", List.of(source));
        }
        reconciler.requestAll(Trigger.MANUAL);
        return Map.of("accepted", reconciler.sources().stream().map(SourceView::name).toList());
    }
}
