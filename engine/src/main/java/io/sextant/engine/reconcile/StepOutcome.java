package io.sextant.engine.reconcile;

import io.sextant.plugin.ObservedResource;

/** What happened to one plan step. */
sealed interface StepOutcome {

    /** The backend took the change; {@code observed} is the live state afterwards (null after a delete). */
    record Applied(ObservedResource observed, long durationMs) implements StepOutcome {}

    /** The backend refused or kept failing. */
    record Failed(String error, long durationMs) implements StepOutcome {}

    /** A gate stopped the step before it reached the backend. */
    record Blocked(String reason) implements StepOutcome {}
}
