package io.sextant.appliers.sim;

import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import static io.sextant.appliers.sim.Specs.adapter;
import static io.sextant.appliers.sim.Specs.autoscaled;
import static io.sextant.appliers.sim.Specs.deployment;
import static io.sextant.appliers.sim.Specs.md;
import static io.sextant.appliers.sim.Specs.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimPlacementTest {

    final SimApplier sim = Specs.sim(null);

    @Test
    void placesEveryReplicaWhenGpusSuffice() throws Exception {
        ObservedResource live = sim.apply(deployment("llama", 2, "H100-80GB", 2));

        assertThat(live.health()).isEqualTo(Health.HEALTHY);
        assertThat(live.message()).isEqualTo("2 of 2 replicas placed on H100-80GB (2 per replica)");
        assertThat(sim.capacity().pools()).containsEntry("H100-80GB", new GpuCapacity.Pool(8, 4))
                .containsEntry("L4-24GB", new GpuCapacity.Pool(8, 0));
    }

    @Test
    void degradedWithTheNumbersWhenGpusRunOut() throws Exception {
        sim.apply(deployment("first", 1, "H100-80GB", 4));
        ObservedResource second = sim.apply(deployment("second", 3, "H100-80GB", 4));

        assertThat(second.health()).isEqualTo(Health.DEGRADED);
        assertThat(second.message())
                .isEqualTo("insufficient GPUs: 1 of 3 replicas placed; needs 4 H100-80GB per replica, 0 of 8 free");
        assertThat(sim.capacity().pools().get("H100-80GB")).isEqualTo(new GpuCapacity.Pool(8, 8));
    }

    @Test
    void degradedNamingTheTypesWhenTheGpuTypeIsUnknown() throws Exception {
        ObservedResource live = sim.apply(deployment("big", 1, "B200", 1));

        assertThat(live.health()).isEqualTo(Health.DEGRADED);
        assertThat(live.message()).isEqualTo("no GPUs of type 'B200' on backend 'sim-local' (has H100-80GB, L4-24GB)");
    }

    @Test
    void freedGpusGoToWaitingDeploymentsInCreationOrder() throws Exception {
        sim.apply(deployment("holder", 2, "H100-80GB", 4));
        sim.apply(deployment("early", 1, "H100-80GB", 4));
        sim.apply(deployment("late", 1, "H100-80GB", 4));
        assertThat(health("early")).isEqualTo(Health.DEGRADED);

        sim.apply(deployment("holder", 1, "H100-80GB", 4)); // scale down frees one replica's GPUs
        assertThat(health("early")).isEqualTo(Health.HEALTHY);
        assertThat(health("late")).isEqualTo(Health.DEGRADED);

        sim.delete(md("holder"));
        assertThat(health("late")).isEqualTo(Health.HEALTHY);
        assertThat(sim.capacity().pools().get("H100-80GB")).isEqualTo(new GpuCapacity.Pool(8, 8));
    }

    @Test
    void aScaleUpNeverEvictsReplicasThatRun() throws Exception {
        sim.apply(deployment("older", 1, "H100-80GB", 4));
        sim.apply(deployment("newer", 1, "H100-80GB", 4));

        ObservedResource older = sim.apply(deployment("older", 2, "H100-80GB", 4));

        assertThat(older.message()).startsWith("insufficient GPUs: 1 of 2 replicas placed");
        assertThat(health("newer")).isEqualTo(Health.HEALTHY);
    }

    @Test
    void changingTheGpuShapeReplacesThePlacement() throws Exception {
        sim.apply(deployment("llama", 2, "H100-80GB", 4));
        sim.apply(deployment("llama", 2, "L4-24GB", 2));

        assertThat(sim.capacity().pools()).containsEntry("H100-80GB", new GpuCapacity.Pool(8, 0))
                .containsEntry("L4-24GB", new GpuCapacity.Pool(8, 4));
    }

    @Test
    void anAutoscaledDeploymentRunsItsMinimum() throws Exception {
        assertThat(sim.apply(autoscaled("auto", 3, "L4-24GB", 2)).message())
                .isEqualTo("3 of 3 replicas placed on L4-24GB (2 per replica)");
    }

    @Test
    void anAdapterIsHealthyOnlyOnAHealthyDeployment() throws Exception {
        assertThat(sim.apply(adapter("sql", "llama")).message())
                .isEqualTo("deployment 'llama' not found on backend 'sim-local'");

        sim.apply(deployment("llama", 1, "H100-80GB", 16));
        ObservedResource onDegraded = sim.observe(new ResourceKey(LoraAdapter.KIND, Specs.NS, "sql")).orElseThrow();
        assertThat(onDegraded.health()).isEqualTo(Health.DEGRADED);
        assertThat(onDegraded.message()).startsWith("deployment 'llama' is Degraded: insufficient GPUs");

        sim.apply(deployment("llama", 1, "H100-80GB", 1));
        assertThat(sim.observe(new ResourceKey(LoraAdapter.KIND, Specs.NS, "sql")).orElseThrow().health())
                .isEqualTo(Health.HEALTHY);
    }

    @Test
    void aRouteNamesItsMissingTargets() throws Exception {
        sim.apply(deployment("a", 1, "L4-24GB", 1));

        ObservedResource live = sim.apply(route("chat", "a", "b", "c"));

        assertThat(live.health()).isEqualTo(Health.DEGRADED);
        assertThat(live.message()).isEqualTo("target deployments 'b', 'c' not found on backend 'sim-local'");
        sim.apply(deployment("b", 1, "L4-24GB", 1));
        sim.apply(deployment("c", 1, "L4-24GB", 1));
        assertThat(sim.observe(new ResourceKey(InferenceRoute.KIND, Specs.NS, "chat")).orElseThrow().health())
                .isEqualTo(Health.HEALTHY);
    }

    @Test
    void observeAllListsEveryResourceByKey() throws Exception {
        sim.apply(route("chat", "b"));
        sim.apply(deployment("b", 1, "L4-24GB", 1));
        sim.apply(deployment("a", 1, "L4-24GB", 1));

        assertThat(sim.observeAll()).extracting(o -> o.key().toString())
                .containsExactly("InferenceRoute/search/chat", "ModelDeployment/search/a", "ModelDeployment/search/b");
    }

    @Test
    void reportsCapacityOfEveryConfiguredPool() throws Exception {
        assertThat(sim.capacity().known()).isTrue();
        assertThat(sim.capacity().pools()).isEqualTo(Map.of(
                "H100-80GB", new GpuCapacity.Pool(8, 0), "L4-24GB", new GpuCapacity.Pool(8, 0)));
    }

    private Health health(String deployment) throws Exception {
        return sim.observe(md(deployment)).orElseThrow().health();
    }
}
