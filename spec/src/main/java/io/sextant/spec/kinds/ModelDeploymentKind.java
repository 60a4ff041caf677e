package io.sextant.spec.kinds;

import io.sextant.plugin.BackendName;
import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.GpuClaim;
import io.sextant.plugin.Governed;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindRule;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Rollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ModelDeployment}: a model served on GPUs by the backend it names; applied first. Stored as
 * {@code sextant.io/v1}; {@code sextant.io/v1beta1}, which spelt {@code spec.runtime.args} as
 * {@code spec.runtime.engineArgs}, is still served, converted and deprecated.
 */
final class ModelDeploymentKind implements KindDefinition {

    private static final JsonNode SCHEMA = Json.schema("schemas/sextant.io_v1/modeldeployment.schema.json");
    private static final JsonNode SCHEMA_V1BETA1 = Json.schema("schemas/sextant.io_v1beta1/modeldeployment.schema.json");

    @Override
    public String kind() {
        return ModelDeployment.KIND.name();
    }

    @Override
    public List<String> apiVersions() {
        return List.of(BuiltInKinds.V1, BuiltInKinds.V1BETA1);
    }

    @Override
    public Optional<String> deprecation(String apiVersion) {
        return apiVersion.equals(BuiltInKinds.V1BETA1)
                ? Optional.of(BuiltInKinds.V1BETA1 + " is deprecated: use " + BuiltInKinds.V1
                        + " (spec.runtime.engineArgs is now spec.runtime.args)")
                : Optional.empty();
    }

    /** v1beta1 to v1: {@code spec.runtime.engineArgs} becomes {@code spec.runtime.args}; nothing else differs. */
    @Override
    public ObjectNode convert(String apiVersion, ObjectNode document) {
        if (document.path("spec").path("runtime") instanceof ObjectNode runtime && runtime.has("engineArgs")) {
            runtime.set("args", runtime.remove("engineArgs"));
        }
        return document.put("apiVersion", BuiltInKinds.V1);
    }

    @Override
    public JsonNode schema(String apiVersion) {
        return apiVersion.equals(BuiltInKinds.V1BETA1) ? SCHEMA_V1BETA1 : SCHEMA;
    }

    @Override
    public Class<ModelDeployment> type() {
        return ModelDeployment.class;
    }

    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        return new ModelDeployment(metadata, new ModelDeployment.Spec(
                spec.path("backend").asString(),
                model(spec.path("model"), metadata),
                runtime(spec.path("runtime")),
                spec.has("resources") ? new ModelDeployment.Resources(gpu(spec.path("resources").path("gpu"))) : null,
                spec.has("replicas") ? spec.path("replicas").asInt() : null,
                autoscaling(spec.path("autoscaling")),
                Json.dependsOn(spec.path("dependsOn"), context), RolloutSpec.read(spec.path("rollout"))));
    }

    @Override
    public JsonNode spec(Resource resource) {
        ModelDeployment.Spec spec = type().cast(resource).spec();
        ObjectNode node = Json.JSON.objectNode().put("backend", spec.backend());
        ObjectNode model = node.putObject("model").put("uri", spec.model().uri());
        Json.putText(model, "revision", spec.model().revision());
        model.put("servedName", spec.model().servedName());
        Json.putSecretRef(model, "credentials", spec.model().credentials());
        ObjectNode runtime = node.putObject("runtime").put("engine", spec.runtime().engine());
        Json.putText(runtime, "image", spec.runtime().image());
        if (!spec.runtime().args().isEmpty()) {
            ObjectNode args = runtime.putObject("args");
            new TreeMap<>(spec.runtime().args()).forEach((name, value) -> args.set(name, Json.value(value)));
        }
        if (!spec.runtime().env().isEmpty() || !spec.runtime().secretEnv().isEmpty()) {
            ObjectNode env = runtime.putObject("env");
            TreeMap<String, Object> all = new TreeMap<>(spec.runtime().env());
            all.putAll(spec.runtime().secretEnv());
            all.forEach((name, value) -> {
                if (value instanceof SecretRef ref) {
                    Json.putSecretRef(env, name, ref);
                } else {
                    env.put(name, (String) value);
                }
            });
        }
        if (spec.resources() != null && spec.resources().gpu() != null) {
            node.putObject("resources").putObject("gpu")
                    .put("type", spec.resources().gpu().type())
                    .put("count", spec.resources().gpu().count());
        }
        if (spec.replicas() != null) {
            node.put("replicas", spec.replicas());
        }
        if (spec.autoscaling() != null) {
            ObjectNode autoscaling = node.putObject("autoscaling")
                    .put("minReplicas", spec.autoscaling().minReplicas())
                    .put("maxReplicas", spec.autoscaling().maxReplicas());
            if (spec.autoscaling().targetConcurrency() != null) {
                autoscaling.put("targetConcurrency", spec.autoscaling().targetConcurrency());
            }
        }
        Json.putKeys(node, spec.dependsOn());
        RolloutSpec.write(node, spec.rollout());
        return node;
    }

    @Override
    public List<KindRule> rules() {
        return List.of(DeploymentRules::scaling, DeploymentRules::tensorParallel, DeploymentRules::credentials,
                RolloutSpec::rules, RolloutSpec::reservedName);
    }

    @Override
    public Optional<Rollout> rollout(Resource resource) {
        return Optional.ofNullable(type().cast(resource).spec().rollout());
    }

    /** The canary keeps the stable version's served name: clients call one model, whichever version answers. */
    @Override
    public Resource renamed(Resource resource, String name) {
        ModelDeployment deployment = type().cast(resource);
        Metadata m = deployment.metadata();
        return new ModelDeployment(new Metadata(name, m.namespace(), m.labels()), deployment.spec());
    }

    @Override
    public List<Reference> references(Resource resource) {
        List<Reference> references = new ArrayList<>();
        var dependsOn = type().cast(resource).spec().dependsOn();
        for (int i = 0; i < dependsOn.size(); i++) {
            references.add(Reference.byKey("spec.dependsOn[" + i + "]", dependsOn.get(i)));
        }
        return references;
    }

    @Override
    public Optional<BackendName> backend(Resource resource) {
        return Optional.of(new BackendName("spec.backend", type().cast(resource).spec().backend()));
    }

    @Override
    public List<GpuClaim> gpus(Resource resource) {
        ModelDeployment.Spec spec = type().cast(resource).spec();
        ModelDeployment.Gpu gpu = spec.resources() == null ? null : spec.resources().gpu();
        int replicas = DeploymentRules.maxReplicas(spec);
        if (gpu == null || (long) replicas * gpu.count() <= 0) {
            return List.of();
        }
        return List.of(new GpuClaim(gpu.type(), (long) replicas * gpu.count(), "spec.resources.gpu.count",
                "this deployment: " + replicas + " replicas x " + gpu.count()));
    }

    @Override
    public List<Governed> governed(Resource resource) {
        ModelDeployment.Spec spec = type().cast(resource).spec();
        List<Governed> governed = new ArrayList<>();
        if (spec.model() != null && spec.model().uri() != null) {
            governed.add(new Governed.Model("spec.model.uri", spec.model().uri(), "spec.model.revision",
                    spec.model().revision()));
        }
        if (spec.runtime() != null && spec.runtime().image() != null) {
            governed.add(new Governed.Image("spec.runtime.image", spec.runtime().image()));
        }
        if (spec.runtime() != null) {
            new java.util.TreeSet<>(spec.runtime().args().keySet()).forEach(name ->
                    governed.add(new Governed.RuntimeArg("spec.runtime.args." + name, name)));
        }
        ModelDeployment.Gpu gpu = spec.resources() == null ? null : spec.resources().gpu();
        if (gpu != null && gpu.type() != null) {
            governed.add(new Governed.Gpus("spec.resources.gpu.type", gpu.type(), "spec.resources.gpu.count", gpu.count()));
        }
        return governed;
    }

    /** Replicas (or the autoscaler's minimum) times GPUs per replica, read leniently: a live manifest may lack fields. */
    @Override
    public Map<String, Integer> gpusPlaced(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        JsonNode gpu = spec.path("resources").path("gpu");
        if (!gpu.isObject() || !gpu.path("type").isString()) {
            return Map.of();
        }
        int replicas = spec.path("replicas").isNumber() ? spec.path("replicas").asInt()
                : spec.path("autoscaling").path("minReplicas").isNumber()
                ? spec.path("autoscaling").path("minReplicas").asInt() : 1;
        int perReplica = gpu.path("count").isNumber() ? gpu.path("count").asInt() : 1;
        int gpus = Math.max(0, replicas) * Math.max(0, perReplica);
        return gpus > 0 ? Map.of(gpu.path("type").stringValue(), gpus) : Map.of();
    }

    @Override
    public int applyOrder() {
        return 100;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("Backend", "/spec/backend"), new Column("Model", "/spec/model/uri"),
                new Column("Replicas", "/spec/replicas"), new Column("GPU", "/spec/resources/gpu/type"));
    }

    @Override
    public String summary(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        JsonNode autoscaling = spec.path("autoscaling");
        String replicas = autoscaling.isObject()
                ? autoscaling.path("minReplicas").asInt() + "-" + autoscaling.path("maxReplicas").asInt() + " replicas"
                : spec.path("replicas").asInt(1) + (spec.path("replicas").asInt(1) == 1 ? " replica" : " replicas");
        JsonNode gpu = spec.path("resources").path("gpu");
        String gpus = gpu.isObject() ? " x " + gpu.path("count").asInt() + " " + gpu.path("type").asString("") : "";
        return spec.path("runtime").path("engine").asString("") + ", " + replicas + gpus + " on "
                + spec.path("backend").asString("");
    }

    @Override
    public String noun() {
        return "deployment";
    }

    private static ModelDeployment.Model model(JsonNode node, Metadata metadata) {
        String servedName = node.has("servedName") ? node.path("servedName").asString() : metadata.name();
        return new ModelDeployment.Model(node.path("uri").asString(), Json.optionalText(node, "revision"), servedName,
                Json.secretRef(node.path("credentials")));
    }

    private static ModelDeployment.Runtime runtime(JsonNode node) {
        Map<String, Object> args = new LinkedHashMap<>();
        node.path("args").forEachEntry((name, value) -> args.put(name, Json.scalar(value)));
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, SecretRef> secretEnv = new LinkedHashMap<>();
        node.path("env").forEachEntry((name, value) -> {
            if (value.isObject()) {
                secretEnv.put(name, Json.secretRef(value));
            } else {
                env.put(name, value.asString());
            }
        });
        return new ModelDeployment.Runtime(node.path("engine").asString(), Json.optionalText(node, "image"), args, env,
                secretEnv);
    }

    private static ModelDeployment.Gpu gpu(JsonNode node) {
        return node.isMissingNode() ? null : new ModelDeployment.Gpu(node.path("type").asString(), node.path("count").asInt());
    }

    private static ModelDeployment.Autoscaling autoscaling(JsonNode node) {
        if (node.isMissingNode()) {
            return null;
        }
        Integer target = node.has("targetConcurrency") ? node.path("targetConcurrency").asInt() : null;
        return new ModelDeployment.Autoscaling(node.path("minReplicas").asInt(), node.path("maxReplicas").asInt(), target);
    }
}
