package io.sextant.engine.status;

/**
 * A judgement the tracker applies to every status it records, whoever writes it (reconcile, drift scan, rollout,
 * timer), so that a verdict made from time rather than from one observation — a progress deadline — cannot be
 * undone by the next observation's write, nor overwrite a newer one with a stale read.
 */
@FunctionalInterface
public interface StatusVerdict {

    /** The status to record instead of {@code status}; {@code status} itself when the verdict has nothing to say. */
    TrackedResource judge(TrackedResource status);
}
