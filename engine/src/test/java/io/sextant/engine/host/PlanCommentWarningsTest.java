package io.sextant.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.Kinds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A document in a deprecated apiVersion is said in the pull request's plan comment, and refuses nothing. */
class PlanCommentWarningsTest {

    @Test
    void aDeprecatedApiVersionIsAWarningInTheCommentOfAPassingPlan() {
        SpecError deprecated = new SpecError("deploy/warmup.yaml", 1, "apiVersion",
                "testing.sextant.io/v1beta1 is deprecated: use testing.sextant.io/v1", null);
        PlanPreview plan = new PlanPreview("platform", new CommitInfo("0123456789abcdef0123456789abcdef01234567",
                "Ada <ada@example.com>", "warm up", Instant.EPOCH), List.of(), List.of(), List.of(), List.of(deprecated));

        String comment = PlanComment.render(plan, List.of(), true, Kinds.builtIn());

        assertThat(comment).contains("**Warnings** (nothing is refused for these)\n\n- `deploy/warmup.yaml:1`: "
                + "`apiVersion`: testing.sextant.io/v1beta1 is deprecated: use testing.sextant.io/v1\n");
        assertThat(comment).contains("Ready to merge");
    }
}
