package io.sextant.analysis;

/** Where an analysis (or one of its metrics) stands. */
public enum Phase {
    RUNNING,
    /** Every metric took its count of measurements within its limits: promote. */
    SUCCESSFUL,
    /** A metric exceeded its failure limit or its consecutive error limit: abort. */
    FAILED,
    /** A metric exceeded its inconclusive limit: pause until a person promotes or aborts. */
    INCONCLUSIVE;

    /** Whether no further measurement is taken. */
    public boolean done() {
        return this != RUNNING;
    }
}
