package io.sextant.engine.dashboard;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events}: server-sent events for the dashboard. Event names: {@code hello} (on
 * connect), {@code resource}, {@code resource-removed}, {@code audit}, {@code reconcile} and
 * {@code resync} (reload everything); comment lines are heartbeats.
 */
@RestController
class EventsController {

    private final EventStream stream;
    private final DashboardProperties properties;

    EventsController(EventStream stream, DashboardProperties properties) {
        this.stream = stream;
        this.properties = properties;
    }

    @GetMapping("/api/v1/events")
    ResponseEntity<SseEmitter> events() {
        SseEmitter emitter = stream.open().orElseThrow(TooManyStreams::new);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no") // nginx: do not buffer the stream
                .body(emitter);
    }

    @ExceptionHandler(TooManyStreams.class)
    ResponseEntity<ProblemDetail> tooMany() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "too many open dashboard event streams (sextant.dashboard.max-clients = " + properties.maxClients()
                        + "); close other dashboard tabs or raise the limit");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Every stream slot is taken. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams() {
            super("too many open event streams", null, false, false);
        }
    }
}
