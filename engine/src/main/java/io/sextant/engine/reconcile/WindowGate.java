package io.sextant.engine.reconcile;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a plan step may apply now or waits for a sync window. The sync windows feature implements
 * it; with none, nothing waits. Asked once per run ({@link #open}), so the windows are read once per run.
 */
public interface WindowGate {

    /** What plans say of a step no window holds. */
    String APPLIES_NOW = "would apply now";

    /** Why a step waits and until when it may apply (null when no time is known). */
    record Held(String message, Instant until) {}

    /** The windows as they stand at {@code now}, for one run of {@code source}. */
    Run open(String source, Instant now);

    /** One run's view of the windows. */
    interface Run {

        /** Why {@code step} must wait, or empty when it may apply now; a manual sync passes windows that allow it. */
        Optional<Held> hold(PlanStep step, boolean manual);
    }

    /**
     * The earliest time a change of {@code source} held by its last runs may apply, forgotten once asked: the
     * reconciler dispatches a run of the source then, instead of waiting for a poll.
     */
    default Optional<Instant> releaseAt(String source) {
        return Optional.empty();
    }

    /** The run of a gate with no windows at all: nothing waits, and plans need not say when steps apply. */
    Run NO_WINDOWS = (step, manual) -> Optional.empty();

    /** No windows: every step applies at once. */
    WindowGate NONE = (source, now) -> NO_WINDOWS;
}
