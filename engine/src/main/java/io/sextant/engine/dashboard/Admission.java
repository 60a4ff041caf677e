package io.sextant.engine.dashboard;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The answer to a dashboard asking for an event stream. */
sealed interface Admission {

    /** A stream is open. */
    record Admitted(SseEmitter emitter) implements Admission {}

    /** All {@code sextant.dashboard.max-clients} streams are open. */
    record Full(int maxClients) implements Admission {}

    /** This client already holds {@code sextant.dashboard.max-clients-per-client} streams. */
    record ClientAtLimit(int maxPerClient) implements Admission {}
}
