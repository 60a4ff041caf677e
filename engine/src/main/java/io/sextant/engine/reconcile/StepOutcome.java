package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Adoptions;
import io.sextant.plugin.ObservedResource;
import java.util.List;

/** What happened to one plan step. */
sealed interface StepOutcome {

    /**
     * The backend took the change; {@code observed} is the live state afterwards (null after a delete);
     * {@code adopted} the live objects it took over rather than created (audited as {@code adopt}).
     */
    record Applied(ObservedResource observed, long durationMs, List<Adoptions.Adopted> adopted) implements StepOutcome {
        public Applied {
            adopted = List.copyOf(adopted);
        }

        Applied(ObservedResource observed, long durationMs) {
            this(observed, durationMs, List.of());
        }
    }

    /** The backend refused or kept failing. */
    record Failed(String error, long durationMs) implements StepOutcome {}

    /** A gate stopped the step before it reached the backend. */
    record Blocked(String reason) implements StepOutcome {}
}
