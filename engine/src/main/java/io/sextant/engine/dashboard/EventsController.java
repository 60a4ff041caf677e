package io.sextant.engine.dashboard;

import io.sextant.engine.security.Visibility;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events}: server-sent events for the dashboard. Event names: {@code hello} (on
 * connect), {@code resource}, {@code resource-removed}, {@code audit}, {@code reconcile} and
 * {@code resync} (reload everything); comment lines are heartbeats. A stream that falls behind is
 * ended; the dashboard reconnects and reloads.
 */
@RestController
class EventsController {

    private final EventStream stream;
    private final StreamOwners owners;

    EventsController(EventStream stream, StreamOwners owners) {
        this.stream = stream;
        this.owners = owners;
    }

    @GetMapping("/api/v1/events")
    ResponseEntity<?> events(HttpServletRequest request) {
        Admission admission = stream.open(owners.ownerOf(request), Visibility.ofCaller());
        if (admission instanceof Admission.Admitted admitted) {
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .header("Cache-Control", "no-store")
                    .header("X-Accel-Buffering", "no") // nginx: do not buffer the stream
                    .body(admitted.emitter());
        }
        if (admission instanceof Admission.ClientAtLimit limit) {
            return refused(request, HttpStatus.TOO_MANY_REQUESTS, "this client already has " + limit.maxPerClient()
                    + " open dashboard event streams (sextant.dashboard.max-clients-per-client); close other"
                    + " dashboard tabs, the rest of the slots are kept for other clients");
        }
        Admission.Full full = (Admission.Full) admission;
        return refused(request, HttpStatus.SERVICE_UNAVAILABLE, "too many open dashboard event streams"
                + " (sextant.dashboard.max-clients = " + full.maxClients() + "); close other dashboard tabs or raise"
                + " the limit");
    }

    private static ResponseEntity<ProblemDetail> refused(HttpServletRequest request, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status)
                .header("Retry-After", "10")
                .header("Cache-Control", "no-store")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
