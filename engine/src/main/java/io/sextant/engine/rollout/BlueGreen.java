package io.sextant.engine.rollout;

import io.sextant.plugin.Rollout;
import java.util.List;

/**
 * How a blue-green rollout reads on a resource's status. It runs as its {@link Rollout#plan() plan} of
 * canary steps on the same controller and journal: green is the {@code <name>--canary} resource at full
 * replicas, and its weight is 0 until the switch, then 100.
 */
final class BlueGreen {

    private BlueGreen() {}

    /** {@code blue-green rollout of abc1234: green pre-warming (step 2/4), traffic on blue}. */
    static String progress(RolloutState state, Rollout rollout) {
        List<Rollout.Step> plan = rollout.plan();
        int at = Math.min(state.step(), plan.size() - 1);
        String doing = doing(plan.get(at), state);
        return "blue-green rollout of " + state.shortCanary() + ": " + doing + " (step " + (at + 1) + "/" + plan.size()
                + "), traffic on " + (state.weight() == 100 ? "green" : "blue");
    }

    private static String doing(Rollout.Step step, RolloutState state) {
        if (step instanceof Rollout.Weight w) {
            return w.percent() == 0 ? "waiting for green to be Healthy" : "switching traffic to green";
        }
        if (step instanceof Rollout.Pause p) {
            if (p.untilPromoted()) {
                return "green ready, waiting to be promoted";
            }
            return state.weight() == 0 ? "green pre-warming for " + ProgressDeadlines.text(p.duration())
                    : "blue kept " + ProgressDeadlines.text(p.duration()) + " after the switch";
        }
        return "pre-promotion analysis of green";
    }

    /** Why a rollout without {@code autoPromote} waits. */
    static String ready(RolloutState state) {
        return "green " + state.shortCanary() + " is Healthy, pre-warmed and analysed; traffic stays on blue until"
                + " the rollout is promoted (autoPromote is false)";
    }
}
