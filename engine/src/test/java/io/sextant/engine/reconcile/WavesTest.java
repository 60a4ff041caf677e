package io.sextant.engine.reconcile;

import io.sextant.spec.kinds.ModelDeployment;
import static io.sextant.engine.reconcile.PlannerTest.apply;
import static io.sextant.engine.reconcile.PlannerTest.delete;
import static io.sextant.engine.reconcile.PlannerTest.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.plugin.Kind;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waves run their steps at the same time, so no wave may hold two steps the planner ordered. */
class WavesTest {

    static List<List<String>> names(List<List<PlanStep>> waves) {
        return waves.stream().map(PlannerTest::names).toList();
    }

    @Test
    void independentDeploymentsFormOneWave() {
        List<PlanStep> plan = Planner.order(List.of(apply(deployment("a")), apply(deployment("b")),
                apply(deployment("c"))), io.sextant.spec.api.Kinds.builtIn().applyOrder());

        assertThat(Waves.of(plan)).singleElement().satisfies(wave -> assertThat(wave).hasSize(3));
    }

    @Test
    void aDependentWaitsForTheWaveOfItsDependency() {
        ResourceKey base = new ResourceKey(ModelDeployment.KIND, PlannerTest.NS, "a-base");
        List<PlanStep> plan = Planner.order(List.of(apply(deployment("a-base")), apply(deployment("b-other")),
                apply(deployment("c-on-base", base))), io.sextant.spec.api.Kinds.builtIn().applyOrder());

        assertThat(names(Waves.of(plan))).containsExactly(
                List.of("create ModelDeployment/search/a-base", "create ModelDeployment/search/b-other"),
                List.of("create ModelDeployment/search/c-on-base"));
    }

    @Test
    void kindsAndDeletionsKeepTheirOwnWavesInPlanOrder() {
        LoraAdapter adapter = new LoraAdapter(new Metadata("sql", PlannerTest.NS, null),
                new LoraAdapter.Spec("a", "hf://x/sql", null));
        InferenceRoute route = new InferenceRoute(new Metadata("chat", PlannerTest.NS, null),
                new InferenceRoute.Spec("chat", List.of(new InferenceRoute.Target("a", 100))));
        List<PlanStep> plan = Planner.order(List.of(apply(route), apply(adapter), apply(deployment("a")),
                delete(ModelDeployment.KIND, "old"), delete(LoraAdapter.KIND, "old-lora")), io.sextant.spec.api.Kinds.builtIn().applyOrder());

        List<List<PlanStep>> waves = Waves.of(plan);

        assertThat(names(waves)).containsExactly(
                List.of("create ModelDeployment/search/a"),
                List.of("create LoraAdapter/search/sql"),
                List.of("create InferenceRoute/search/chat"),
                List.of("delete LoraAdapter/search/old-lora"),
                List.of("delete ModelDeployment/search/old"));
        assertThat(waves.stream().flatMap(List::stream).toList()).isEqualTo(plan);
    }
}
