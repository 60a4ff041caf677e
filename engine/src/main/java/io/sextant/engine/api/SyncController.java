package io.sextant.engine.api;

import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.SourceView;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.security.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/sync}: "sync now" for one source or all; the reconcile runs asynchronously. Each request is
 * a manual action and is audited, per source, with who asked ({@code actor}, action {@code sync}).
 */
@RestController
class SyncController {

    private final Reconciler reconciler;
    private final AuditStore audit;

    SyncController(Reconciler reconciler, AuditStore audit) {
        this.reconciler = reconciler;
        this.audit = audit;
    }

    @PostMapping("/api/v1/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, List<String>> sync(@RequestParam(required = false) String source) {
        AuditEvent.Actor actor = Caller.current().map(c -> new AuditEvent.Actor(c.subject(), c.email())).orElse(null);
        List<String> accepted;
        if (source != null) {
            reconciler.request(source, Trigger.MANUAL);
            accepted = List.of(source);
        } else {
            reconciler.requestAll(Trigger.MANUAL);
            accepted = reconciler.sources().stream().map(SourceView::name).toList();
        }
        for (String name : accepted) {
            audit.append(new AuditEntry(name, null, null, null, null, List.of(), Trigger.MANUAL.apiName(), null, null,
                    "sync", null, "succeeded", null, 0, null, actor));
        }
        return Map.of("accepted", accepted);
    }
}
