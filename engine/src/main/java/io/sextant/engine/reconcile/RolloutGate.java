package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;

/**
 * Decides, before a plan step reaches its backend, whether the change goes through progressive delivery
 * instead of applying at once. The rollout controller implements it; with none, every step applies at
 * once (behaviour without {@code spec.rollout} is unchanged).
 */
public interface RolloutGate {

    /** What to do with one step. */
    sealed interface Decision permits Apply, Hold {}

    /** Apply the step now, as without a rollout. */
    record Apply() implements Decision {}

    /**
     * Leave the stable version alone: a rollout owns the change (started, running, or aborted for this commit).
     * {@code message} goes on the resource's status; nothing is audited by the reconciler.
     */
    record Hold(String message) implements Decision {}

    Decision APPLY = new Apply();

    /** The decision for a step of {@code source} at {@code commit}, triggered by {@code trigger} (poll, webhook...). */
    Decision decide(PlanStep step, String source, CommitInfo commit, String trigger);

    /** No progressive delivery: everything applies at once. */
    RolloutGate NONE = (step, source, commit, trigger) -> APPLY;
}
