package io.sextant.engine.reconcile;

import io.sextant.spec.api.Kinds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.DesiredResource;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.plugin.Kind;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.Metadata;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PlannerTest {

    private static final java.util.Comparator<io.sextant.plugin.ResourceKey> ORDER = Kinds.builtIn().applyOrder();

    static final String NS = "search";

    static ModelDeployment deployment(String name, ResourceKey... dependsOn) {
        return new ModelDeployment(new Metadata(name, NS, null), new ModelDeployment.Spec("sim-local",
                new ModelDeployment.Model("hf://x/y", null, name), new ModelDeployment.Runtime("vllm", null, null, null),
                new ModelDeployment.Resources(new ModelDeployment.Gpu("H100-80GB", 1)), 1, null, List.of(dependsOn)));
    }

    static PlanStep apply(Resource resource) {
        return new PlanStep(Action.CREATE, resource.key(), "sim-local",
                new DesiredResource(resource, JsonMapper.builder().build().createObjectNode(), "c0ffee"),
                List.of(), Kinds.builtIn().dependsOn(resource));
    }

    static PlanStep delete(Kind kind, String name) {
        return new PlanStep(Action.DELETE, new ResourceKey(kind, NS, name), "sim-local", null, List.of(), List.of());
    }

    static List<String> names(List<PlanStep> steps) {
        return steps.stream().map(s -> s.action().apiName() + " " + s.key()).toList();
    }

    @Test
    void appliesDeploymentsBeforeTheAdaptersAndRoutesOnThem() {
        Resource route = new InferenceRoute(new Metadata("chat", NS, null),
                new InferenceRoute.Spec("chat", List.of(new InferenceRoute.Target("a", 50), new InferenceRoute.Target("b", 50))));
        Resource adapter = new LoraAdapter(new Metadata("sql", NS, null), new LoraAdapter.Spec("a", "hf://x/sql", null));

        List<PlanStep> ordered = Planner.order(List.of(apply(route), apply(adapter), apply(deployment("b")),
                apply(deployment("a"))), ORDER);

        assertThat(names(ordered)).containsExactly(
                "create ModelDeployment/search/a", "create ModelDeployment/search/b",
                "create LoraAdapter/search/sql", "create InferenceRoute/search/chat");
    }

    @Test
    void honoursDependsOnAcrossDeployments() {
        ResourceKey z = new ResourceKey(ModelDeployment.KIND, NS, "z-draft-model");
        List<PlanStep> ordered = Planner.order(List.of(apply(deployment("a-speculative", z)),
                apply(deployment("z-draft-model"))), ORDER);

        assertThat(names(ordered)).containsExactly("create ModelDeployment/search/z-draft-model",
                "create ModelDeployment/search/a-speculative");
    }

    @Test
    void deletesLastAndInReverseOrder() {
        List<PlanStep> ordered = Planner.order(List.of(delete(ModelDeployment.KIND, "a"),
                delete(InferenceRoute.KIND, "chat"), apply(deployment("b")), delete(LoraAdapter.KIND, "sql")), ORDER);

        assertThat(names(ordered)).containsExactly("create ModelDeployment/search/b",
                "delete InferenceRoute/search/chat", "delete LoraAdapter/search/sql", "delete ModelDeployment/search/a");
    }

    @Test
    void dependenciesOutsideThePlanAreAlreadyLiveAndDoNotHoldStepsBack() {
        ResourceKey live = new ResourceKey(ModelDeployment.KIND, NS, "already-live");
        assertThat(names(Planner.order(List.of(apply(deployment("new", live))), ORDER)))
                .containsExactly("create ModelDeployment/search/new");
    }
}
