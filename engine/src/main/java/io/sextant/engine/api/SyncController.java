package io.sextant.engine.api;

import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.SourceView;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.security.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/sync}: "sync now" for one source or all; the reconcile runs asynchronously. A person's
 * request (single sign-on) is audited per source with who asked ({@code actor}, action {@code sync}). A request
 * with the admin token names nobody and records nothing, as before: a sync that finds nothing to do leaves the
 * log as it was.
 */
@RestController
class SyncController {

    private final Reconciler reconciler;
    private final AuditStore audit;
    private final ApplicationEventPublisher events;

    SyncController(Reconciler reconciler, AuditStore audit, ApplicationEventPublisher events) {
        this.reconciler = reconciler;
        this.audit = audit;
        this.events = events;
    }

    @PostMapping("/api/v1/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, List<String>> sync(@RequestParam(required = false) String source) {
        Optional<Caller> person = Caller.person();
        List<String> accepted;
        if (source != null) {
            reconciler.request(source, Trigger.MANUAL);
            accepted = List.of(source);
        } else {
            reconciler.requestAll(Trigger.MANUAL);
            accepted = reconciler.sources().stream().map(SourceView::name).toList();
        }
        person.ifPresent(who -> accepted.forEach(name -> events.publishEvent(new AuditRecorded(audit.append(
                new AuditEntry(name, null, null, null, null, List.of(), Trigger.MANUAL.apiName(), null, null, "sync",
                        null, "succeeded", null, 0, null, new AuditEvent.Actor(who.subject(), who.email())))))));
        return Map.of("accepted", accepted);
    }
}
