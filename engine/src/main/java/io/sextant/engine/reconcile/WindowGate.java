package io.sextant.engine.reconcile;

import io.sextant.engine.status.TrackedResource;
import java.time.Instant;
import java.util.List;
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

    /**
     * The windows a plan of a commit of {@code source} judges its steps by: those the run of that commit
     * would hold, where the commit's own windows of the source ({@code atCommit}, from
     * {@link PlanPreview#engineSide}) replace the source's windows in force, so a pull request that adds a
     * freeze shows its own effect. Records no release time. By default, the windows in force.
     */
    default Run preview(String source, Instant now, List<TrackedResource> atCommit) {
        return open(source, now);
    }

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
