package io.sextant.engine.host;

import static io.sextant.engine.host.GpuDeltaTest.deployment;
import static io.sextant.engine.host.GpuDeltaTest.json;
import static io.sextant.engine.host.GpuDeltaTest.replace;
import static io.sextant.engine.host.GpuDeltaTest.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.DesiredResource;
import io.sextant.spec.api.Kinds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request's plan comment says how each change that will roll out does so: its strategy, steps and the
 * GPU peak while old and new run together, checked against what the sim backend has free.
 */
class RolloutLinesTest {

    private static final String CANARY = "replicas: 4\n  rollout: {strategy: canary, steps: [{weight: 20}, {weight: 50}]}";
    private static final String BLUE_GREEN = "replicas: 4\n  rollout: {strategy: blueGreen, blueGreen: {prewarm: 2m}}";

    @TempDir
    Path tmp;
    private final GpuDeltaTest gpus = new GpuDeltaTest();

    private BackendRegistry backends(int h100) {
        gpus.tmp = tmp;
        return gpus.backends(h100);
    }

    @AfterEach
    void close() {
        gpus.close();
    }

    /** Three replicas of one H100 each going to four, with {@code scaling} (replicas and rollout). */
    private static PlanStep scaleUp(String scaling) {
        DesiredResource chat = deployment("chat", "sim-local", "{type: H100-80GB, count: 1}", scaling);
        return step(Action.UPDATE, chat, "sim-local", replace("/spec/replicas", json("3"), json("4")));
    }

    @Test
    void aCanaryThatFitsShowsItsWeightsAndTheGpuPeakOfOldAndNewTogether() {
        List<String> lines = RolloutLines.markdown(List.of(scaleUp(CANARY)), backends(8), Kinds.builtIn());

        assertThat(lines).containsExactly("`ModelDeployment/search/chat`: rollout: canary 20% → 50% → 100%,"
                + " GPU peak 7 × H100-80GB (+3 during the rollout)");
    }

    @Test
    void aCanaryThatDoesNotFitShowsItsSurgeAndABlueGreenThatDoesNotFitIsRefused() {
        BackendRegistry three = backends(3);

        assertThat(RolloutLines.markdown(List.of(scaleUp(CANARY)), three, Kinds.builtIn())).containsExactly(
                "`ModelDeployment/search/chat`: rollout: canary 20% → 50% → 100%, GPU peak 6 × H100-80GB"
                        + " (+2 during the rollout, canary surges with 3 of 4 replicas)");
        assertThat(RolloutLines.markdown(List.of(scaleUp(BLUE_GREEN)), three, Kinds.builtIn())).containsExactly(
                "`ModelDeployment/search/chat`: rollout: blue-green: pre-warm 2m, switch, blue kept 30s;"
                        + " refused now: needs 1 more H100-80GB GPU (free 3 of 3)");
    }

    @Test
    void aChangeWithoutRolloutHasNoLineAndTheCommentListsTheOthersUnderRollouts() {
        BackendRegistry eight = backends(8);
        PlanStep plain = scaleUp("replicas: 4");
        PlanStep rolling = scaleUp(CANARY);
        assertThat(RolloutLines.markdown(List.of(plain), eight, Kinds.builtIn())).isEmpty();

        PlanPreview plan = new PlanPreview("platform", new CommitInfo("0123456789abcdef0123456789abcdef01234567",
                "Ada <ada@example.com>", "more chat", Instant.EPOCH), List.of(rolling), List.of(), List.of(), List.of());
        String comment = PlanComment.render(plan, List.of(),
                RolloutLines.markdown(plan.steps(), eight, Kinds.builtIn()), true, Kinds.builtIn());

        assertThat(comment).contains("**Rollouts**\n\n- `ModelDeployment/search/chat`: rollout: canary 20% → 50%"
                + " → 100%, GPU peak 7 × H100-80GB (+3 during the rollout)\n");
    }
}
