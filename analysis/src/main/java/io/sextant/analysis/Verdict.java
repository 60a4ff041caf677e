package io.sextant.analysis;

/** What one measurement says, as Argo Rollouts' measurement phases do. */
public enum Verdict {
    /** The condition held. */
    SUCCESSFUL,
    /** The condition did not hold. */
    FAILED,
    /**
     * There was nothing to judge: no data for the canary, or, for a condition relative to the stable
     * version, none for the stable one. Counted against the inconclusive limit.
     */
    INCONCLUSIVE,
    /** The source could not be read (unreachable, timed out, an error answer). Counted against the
     * consecutive error limit, never as a failure of the canary. */
    ERROR
}
