package io.sextant.spec.api;

import static io.sextant.spec.api.Specs.deployment;
import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Rollout;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.kinds.ModelDeployment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spec.rollout} of a ModelDeployment: read with its defaults, and refused at file:line:field. */
class RolloutSpecTest {

    private static final SpecValidator OFFLINE = new SpecValidator(ValidationContext.offline());

    /** Lines: rollout 17, steps 20, first step 21 ... */
    private static String withRollout(String steps) {
        return deployment("llama", "search", "sim-local", 1, 1, 1, """
                  rollout:
                    strategy: canary
                    progressDeadline: 10m
                    steps:
                """ + steps);
    }

    @Test
    void readsCanaryStepsWithArgoDefaultsAndWritesThemInNormalForm() {
        SpecDocument doc = documents("m.yaml", withRollout("""
                      - weight: 10
                      - pause: 30s
                      - analysis:
                          metrics:
                            - {name: ttft, signal: ttft, condition: "p95 ttft < 500ms"}
                      - weight: 50
                """)).get(0);

        Rollout rollout = ((ModelDeployment) doc.resource()).spec().rollout();
        assertThat(rollout.progressDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rollout.steps()).containsExactly(new Rollout.Weight(10), new Rollout.Pause(Duration.ofSeconds(30)),
                new Rollout.Analysis(List.of(new Rollout.Metric("ttft", "ttft", 0.95, null, "p95 ttft < 500ms")),
                        Duration.ofSeconds(30), 3, 0, 0),
                new Rollout.Weight(50));
        assertThat(doc.manifest().at("/spec/rollout/steps/2/analysis/interval").asString()).isEqualTo("30s");
        assertThat(doc.manifest().at("/spec/rollout/steps/2/analysis/metrics/0/quantile").asDouble()).isEqualTo(0.95);
        assertThat(OFFLINE.validate(List.of(doc))).isEmpty();
    }

    @Test
    void aDeploymentWithoutRolloutHasNoneAndItsManifestIsUnchanged() {
        SpecDocument doc = documents("m.yaml", deployment("llama", "sim-local")).get(0);

        assertThat(((ModelDeployment) doc.resource()).spec().rollout()).isNull();
        assertThat(doc.manifest().at("/spec").has("rollout")).isFalse();
    }

    @Test
    void refusesAStepWithTwoActionsAndABadDurationAtTheirLines() {
        LoadResult result = load("m.yaml", withRollout("""
                      - {weight: 10, pause: 30s}
                      - pause: soon
                """));

        assertThat(String.join("\n", messages(result.errors())))
                .contains("m.yaml:21: spec.rollout.steps[0]")
                .contains("m.yaml:22: spec.rollout.steps[1].pause: must be a duration such as 500ms, 30s, 5m or 1h");
    }

    @Test
    void refusesAMetricWithBothSignalAndQueryAndAnUnreadableCondition() {
        List<SpecDocument> docs = documents("m.yaml", withRollout("""
                      - analysis:
                          interval: 10s
                          metrics:
                            - {name: ttft, signal: ttft, query: up, condition: "p95 ttft < 500ms"}
                            - {name: errors, signal: error-rate, condition: "error rate is fine"}
                """));

        assertThat(messages(OFFLINE.validate(docs))).containsExactlyInAnyOrder(
                "m.yaml:24: spec.rollout.steps[0].analysis.metrics[0]: set exactly one of signal or query",
                "m.yaml:25: spec.rollout.steps[0].analysis.metrics[1].condition: condition 'error rate is fine':"
                        + " expected '<what> <op> <threshold>', e.g. 'p95 ttft < 500ms' or"
                        + " 'error rate <= stable + 0.5%', with op one of < <= > >=");
    }

    /** Lines: rollout 17, strategy 18, blueGreen 19, its first field 20 ... */
    private static String withBlueGreen(String rest) {
        return deployment("llama", "search", "sim-local", 1, 1, 1, """
                  rollout:
                    strategy: blueGreen
                """ + rest);
    }

    @Test
    void readsBlueGreenWithArgoDefaultsAndRunsItAsWaitPrewarmAnalyseSwitchAndKeepBlue() {
        SpecDocument doc = documents("m.yaml", withBlueGreen("""
                    blueGreen:
                      prewarm: 2m
                      prePromotionAnalysis:
                        metrics:
                          - {name: errors, signal: error-rate, condition: "error rate <= 1%"}
                """)).get(0);

        Rollout rollout = ((ModelDeployment) doc.resource()).spec().rollout();
        Rollout.Analysis analysis = new Rollout.Analysis(
                List.of(new Rollout.Metric("errors", "error-rate", null, null, "error rate <= 1%")),
                Duration.ofSeconds(30), 3, 0, 0);
        assertThat(rollout.blueGreen()).isEqualTo(new Rollout.BlueGreen(Duration.ofMinutes(2), analysis, true,
                Duration.ofSeconds(30)));
        assertThat(rollout.plan()).containsExactly(new Rollout.Weight(0), new Rollout.Pause(Duration.ofMinutes(2)),
                analysis, new Rollout.Weight(100), new Rollout.Pause(Duration.ofSeconds(30)));
        assertThat(doc.manifest().at("/spec/rollout/blueGreen/scaleDownDelay").asString()).isEqualTo("30s");
        assertThat(doc.manifest().at("/spec/rollout/blueGreen/autoPromote").asBoolean()).isTrue();
        assertThat(doc.manifest().at("/spec/rollout").has("steps")).isFalse();
        assertThat(OFFLINE.validate(List.of(doc))).isEmpty();
    }

    @Test
    void blueGreenWithoutAutoPromoteWaitsForAPersonBeforeTheSwitch() {
        SpecDocument doc = documents("m.yaml", withBlueGreen("""
                    blueGreen: {autoPromote: false, scaleDownDelay: 0s}
                """)).get(0);

        assertThat(((ModelDeployment) doc.resource()).spec().rollout().plan())
                .containsExactly(new Rollout.Weight(0), new Rollout.Pause(null), new Rollout.Weight(100));
    }

    @Test
    void refusesBothStrategiesAtOnceAndAStrategyWithoutItsBlockAtTheirLines() {
        List<SpecDocument> both = documents("m.yaml", withBlueGreen("""
                    blueGreen: {prewarm: 1m}
                    steps:
                      - weight: 10
                """));
        LoadResult missing = load("n.yaml", withBlueGreen("""
                    progressDeadline: 5m
                """));

        assertThat(messages(OFFLINE.validate(both))).containsExactly(
                "m.yaml:20: spec.rollout.steps: set exactly one of steps (canary) or blueGreen, not both");
        assertThat(String.join("\n", messages(missing.errors()))).contains("n.yaml:17: spec.rollout")
                .contains("blueGreen");
    }

    @Test
    void refusesADeploymentNamedAsAnotherOnesCanarySoNoRolloutCanOverwriteOrDeleteIt() {
        List<SpecDocument> docs = documents("m.yaml", deployment("llama--canary", "sim-local"));

        assertThat(messages(OFFLINE.validate(docs))).containsExactly("m.yaml:4: metadata.name: must not end in"
                + " --canary: the name is a rollout's canary of deployment 'llama'");
    }
}
