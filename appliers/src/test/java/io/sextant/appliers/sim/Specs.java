package io.sextant.appliers.sim;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.DesiredResource;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.plugin.Kind;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.Metadata;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Desired resources as the engine hands them to an applier, in namespace {@code search}. */
final class Specs {

    static final String NS = "search";
    static final Map<String, Object> GPUS = Map.of("H100-80GB", 8, "L4-24GB", 8);

    private Specs() {
    }

    static SimApplier sim(Path dataDir) {
        return (SimApplier) new SimApplierFactory().create(new BackendConfig("sim-local", "sim", Map.of("gpus", GPUS), dataDir));
    }

    static SimApplier sim(Path dataDir, Map<String, Object> gpus, int minCompactRecords) {
        BackendConfig config = new BackendConfig("sim-local", "sim", Map.of("gpus", gpus), dataDir);
        return new SimApplier("sim-local", SimSettings.from(config), dataDir, minCompactRecords);
    }

    static ResourceKey md(String name) {
        return new ResourceKey(ModelDeployment.KIND, NS, name);
    }

    static DesiredResource deployment(String name, int replicas, String gpuType, int gpusPerReplica) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.put("backend", "sim-local");
        spec.putObject("model").put("uri", "hf://acme/" + name);
        spec.putObject("resources").putObject("gpu").put("type", gpuType).put("count", gpusPerReplica);
        spec.put("replicas", replicas);
        var typed = new ModelDeployment(new Metadata(name, NS, Map.of()), new ModelDeployment.Spec("sim-local",
                new ModelDeployment.Model("hf://acme/" + name, null, name), null,
                new ModelDeployment.Resources(new ModelDeployment.Gpu(gpuType, gpusPerReplica)), replicas, null, List.of()));
        return new DesiredResource(typed, manifest("ModelDeployment", name, spec), "rev1");
    }

    static DesiredResource autoscaled(String name, int minReplicas, String gpuType, int gpusPerReplica) {
        DesiredResource base = deployment(name, 1, gpuType, gpusPerReplica);
        ObjectNode spec = (ObjectNode) base.manifest().get("spec");
        spec.remove("replicas");
        spec.putObject("autoscaling").put("minReplicas", minReplicas).put("maxReplicas", minReplicas + 2);
        return base;
    }

    static DesiredResource adapter(String name, String deployment) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("deployment", deployment).put("uri", "hf://acme/" + name);
        var typed = new LoraAdapter(new Metadata(name, NS, Map.of()), new LoraAdapter.Spec(deployment, "hf://acme/" + name, null));
        return new DesiredResource(typed, manifest("LoraAdapter", name, spec), "rev1");
    }

    static DesiredResource route(String name, String... deployments) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("modelName", name);
        var targets = spec.putArray("targets");
        Arrays.stream(deployments).forEach(d -> targets.addObject().put("deployment", d).put("weight", 100 / deployments.length));
        var typed = new InferenceRoute(new Metadata(name, NS, Map.of()), new InferenceRoute.Spec(name,
                Arrays.stream(deployments).map(d -> new InferenceRoute.Target(d, 100 / deployments.length)).toList()));
        return new DesiredResource(typed, manifest("InferenceRoute", name, spec), "rev1");
    }

    private static ObjectNode manifest(String kind, String name, ObjectNode spec) {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("apiVersion", "sextant.io/v1").put("kind", kind);
        manifest.putObject("metadata").put("name", name).put("namespace", NS);
        manifest.set("spec", spec);
        return manifest;
    }
}
