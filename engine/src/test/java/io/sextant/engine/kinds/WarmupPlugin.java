package io.sextant.engine.kinds;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendContext;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.IgnoreRule;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindRule;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SextantPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fourth kind that only tests know: {@code Warmup} sends a number of requests to a ModelDeployment of its
 * namespace once it runs, on that deployment's backend. It is defined, served on {@code sim} and given a
 * drift ignore rule entirely through the plugin SPI, so no file of spec, appliers or engine names it.
 */
public final class WarmupPlugin implements SextantPlugin {

    public static final Kind KIND = Kind.of("Warmup");
    public static final String VERSION = "testing.sextant.io/v1";

    /** The typed resource. */
    public record Warmup(Metadata metadata, String deployment, int requests) implements Resource {
        @Override
        public Kind kind() {
            return KIND;
        }
    }

    private static final JsonNode SCHEMA = JsonMapper.builder().build().readTree("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": false,
             "properties": {
               "apiVersion": {"const": "testing.sextant.io/v1"}, "kind": {"const": "Warmup"},
               "metadata": {"type": "object", "required": ["name"], "additionalProperties": false,
                 "properties": {"name": {"type": "string"}, "namespace": {"type": "string"},
                                "labels": {"type": "object", "additionalProperties": {"type": "string"}}}},
               "spec": {"type": "object", "required": ["deployment", "requests"], "additionalProperties": false,
                 "properties": {"deployment": {"type": "string"}, "requests": {"type": "integer"}}}}}
            """);

    /** What the sim holds of warmups, as the support last applied them. */
    public final Map<ResourceKey, ObjectNode> live = new ConcurrentHashMap<>();
    /** For each apply: whether the warmup's deployment was already live on the backend (plan order). */
    public final List<Boolean> deploymentLiveAtApply = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "warmup-test";
    }

    @Override
    public int apiVersion() {
        return PluginApi.VERSION;
    }

    @Override
    public List<KindDefinition> kinds() {
        return List.of(new Definition());
    }

    @Override
    public List<KindSupport> kindSupport() {
        return List.of(new OnSim());
    }

    /** The sim stamps when it warmed a deployment up: the backend owns that field, so it is never drift. */
    @Override
    public List<IgnoreRule> ignoreRules() {
        return List.of(new IgnoreRule(KIND, "sim", "/spec/warmedAt"));
    }

    private static final class Definition implements KindDefinition {

        @Override
        public String kind() {
            return KIND.name();
        }

        @Override
        public List<String> apiVersions() {
            return List.of(VERSION);
        }

        @Override
        public JsonNode schema(String apiVersion) {
            return SCHEMA;
        }

        @Override
        public Class<Warmup> type() {
            return Warmup.class;
        }

        @Override
        public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
            return new Warmup(metadata, spec.path("deployment").asString(), spec.path("requests").asInt());
        }

        @Override
        public JsonNode spec(Resource resource) {
            Warmup warmup = type().cast(resource);
            return JsonNodeFactory.instance.objectNode().put("deployment", warmup.deployment())
                    .put("requests", warmup.requests());
        }

        @Override
        public List<KindRule> rules() {
            return List.of((resource, context) -> {
                if (type().cast(resource).requests() < 1) {
                    context.error("spec.requests", "must be at least 1");
                }
            });
        }

        @Override
        public List<Reference> references(Resource resource) {
            Warmup warmup = type().cast(resource);
            return List.of(Reference.byName("spec.deployment",
                    new ResourceKey(Kind.of("ModelDeployment"), warmup.metadata().namespace(), warmup.deployment()))
                    .inheritingBackend());
        }

        @Override
        public int applyOrder() {
            return 250;
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("Deployment", "/spec/deployment"), new Column("Requests", "/spec/requests"));
        }

        @Override
        public String summary(JsonNode manifest) {
            return manifest.at("/spec/requests").asInt() + " requests to " + manifest.at("/spec/deployment").asString();
        }
    }

    private final class OnSim implements KindSupport {

        @Override
        public String backendType() {
            return "sim";
        }

        @Override
        public String kind() {
            return KIND.name();
        }

        @Override
        public Optional<ObservedResource> observe(ResourceKey key, BackendContext backend) {
            return Optional.ofNullable(live.get(key)).map(manifest -> observed(key, manifest));
        }

        @Override
        public List<ObservedResource> observeAll(BackendContext backend) {
            List<ObservedResource> all = new ArrayList<>();
            live.forEach((key, manifest) -> all.add(observed(key, manifest)));
            return all;
        }

        @Override
        public ObservedResource apply(DesiredResource desired, BackendContext backend) throws BackendException {
            // The backend's own applier is one of its facets: the warmup needs its deployment running first.
            Applier sim = backend.facet(Applier.class).orElseThrow();
            JsonNode deployment = desired.manifest().at("/spec/deployment");
            deploymentLiveAtApply.add(sim.observe(new ResourceKey(Kind.of("ModelDeployment"),
                    desired.key().namespace(), deployment.asString())).isPresent());
            live.put(desired.key(), ((ObjectNode) desired.manifest()).deepCopy());
            return observed(desired.key(), live.get(desired.key()));
        }

        @Override
        public void delete(ResourceKey key, BackendContext backend) {
            live.remove(key);
        }

        private ObservedResource observed(ResourceKey key, ObjectNode applied) {
            ObjectNode manifest = applied.deepCopy();
            ((ObjectNode) manifest.get("spec")).put("warmedAt", System.nanoTime());
            return new ObservedResource(key, manifest, Health.HEALTHY, "warmed up");
        }
    }
}
