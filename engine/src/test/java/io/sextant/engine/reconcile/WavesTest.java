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

    static List<List<String>> names(List<Waves.Wave> waves) {
        return waves.stream().map(w -> PlannerTest.names(w.steps())).toList();
    }

    @Test
    void independentDeploymentsFormOneWave() {
        List<PlanStep> plan = Planner.order(List.of(apply(deployment("a")), apply(deployment("b")),
                apply(deployment("c"))), io.sextant.spec.api.Kinds.builtIn().applyOrder());

        assertThat(Waves.of(plan)).singleElement().satisfies(wave -> assertThat(wave.steps()).hasSize(3));
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
    void manyDependentsOfOneRunAreOneWaveAfterTheirDependencies() {
        // As the bench's fleet: every fourth deployment depends on the one before it. Cut at every dependency,
        // a thousand such specs made 250 waves, each waiting for its slowest apply.
        List<PlanStep> steps = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = String.format("m-%02d", i);
            steps.add(i % 4 == 3 ? apply(deployment(name, new ResourceKey(ModelDeployment.KIND, PlannerTest.NS,
                    String.format("m-%02d", i - 1)))) : apply(deployment(name)));
        }
        List<PlanStep> plan = Planner.order(steps, io.sextant.spec.api.Kinds.builtIn().applyOrder());

        List<Waves.Wave> waves = Waves.of(plan);

        assertThat(waves).hasSize(2);
        assertThat(names(waves).get(1)).containsExactly("create ModelDeployment/search/m-03",
                "create ModelDeployment/search/m-07", "create ModelDeployment/search/m-11");
        for (Waves.Wave wave : waves) {
            for (int i = 0; i < wave.steps().size(); i++) {
                assertThat(plan.get(wave.positions().get(i))).isSameAs(wave.steps().get(i));
            }
        }
        // every dependency is in an earlier wave than its dependent
        java.util.Map<ResourceKey, Integer> waveOf = new java.util.HashMap<>();
        for (int w = 0; w < waves.size(); w++) {
            for (PlanStep step : waves.get(w).steps()) {
                waveOf.put(step.key(), w);
            }
        }
        for (PlanStep step : plan) {
            step.dependsOn().forEach(d -> assertThat(waveOf.get(d)).isLessThan(waveOf.get(step.key())));
        }
    }

    @Test
    void kindsAndDeletionsKeepTheirOwnWavesInPlanOrder() {
        LoraAdapter adapter = new LoraAdapter(new Metadata("sql", PlannerTest.NS, null),
                new LoraAdapter.Spec("a", "hf://x/sql", null));
        InferenceRoute route = new InferenceRoute(new Metadata("chat", PlannerTest.NS, null),
                new InferenceRoute.Spec("chat", List.of(new InferenceRoute.Target("a", 100))));
        List<PlanStep> plan = Planner.order(List.of(apply(route), apply(adapter), apply(deployment("a")),
                delete(ModelDeployment.KIND, "old"), delete(LoraAdapter.KIND, "old-lora")), io.sextant.spec.api.Kinds.builtIn().applyOrder());

        List<Waves.Wave> waves = Waves.of(plan);

        assertThat(names(waves)).containsExactly(
                List.of("create ModelDeployment/search/a"),
                List.of("create LoraAdapter/search/sql"),
                List.of("create InferenceRoute/search/chat"),
                List.of("delete LoraAdapter/search/old-lora"),
                List.of("delete ModelDeployment/search/old"));
        assertThat(waves.stream().flatMap(w -> w.steps().stream()).toList()).isEqualTo(plan);
        assertThat(waves.stream().flatMap(w -> w.positions().stream()).toList()).containsExactly(0, 1, 2, 3, 4);
    }
}
