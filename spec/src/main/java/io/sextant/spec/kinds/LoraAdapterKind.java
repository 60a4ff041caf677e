package io.sextant.spec.kinds;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.Governed;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code LoraAdapter}: loaded onto a ModelDeployment of its namespace, on that deployment's backend. */
final class LoraAdapterKind implements KindDefinition {

    private static final JsonNode SCHEMA = Json.schema("schemas/sextant.io_v1/loraadapter.schema.json");

    @Override
    public String kind() {
        return LoraAdapter.KIND.name();
    }

    @Override
    public List<String> apiVersions() {
        return List.of(BuiltInKinds.V1);
    }

    @Override
    public JsonNode schema(String apiVersion) {
        return SCHEMA;
    }

    @Override
    public Class<LoraAdapter> type() {
        return LoraAdapter.class;
    }

    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        return new LoraAdapter(metadata, new LoraAdapter.Spec(spec.path("deployment").asString(),
                spec.path("uri").asString(), Json.dependsOn(spec.path("dependsOn"), context),
                Json.secretRef(spec.path("credentials"))));
    }

    @Override
    public JsonNode spec(Resource resource) {
        LoraAdapter.Spec spec = type().cast(resource).spec();
        ObjectNode node = Json.JSON.objectNode().put("deployment", spec.deployment()).put("uri", spec.uri());
        Json.putSecretRef(node, "credentials", spec.credentials());
        Json.putKeys(node, spec.dependsOn());
        return node;
    }

    /** The deployment first (it also decides the backend), then explicit dependencies. */
    @Override
    public List<Reference> references(Resource resource) {
        LoraAdapter adapter = type().cast(resource);
        List<Reference> references = new ArrayList<>();
        references.add(Reference.byName("spec.deployment", new ResourceKey(ModelDeployment.KIND,
                adapter.metadata().namespace(), adapter.spec().deployment())).inheritingBackend());
        List<ResourceKey> dependsOn = adapter.spec().dependsOn();
        for (int i = 0; i < dependsOn.size(); i++) {
            references.add(Reference.byKey("spec.dependsOn[" + i + "]", dependsOn.get(i)));
        }
        return references;
    }

    /** Its URI is a model like any other; it has no revision field, so a pinning rule cannot apply to it. */
    @Override
    public List<Governed> governed(Resource resource) {
        String uri = type().cast(resource).spec().uri();
        return uri == null || uri.isEmpty() ? List.of() : List.of(new Governed.Model("spec.uri", uri, null, null));
    }

    @Override
    public int applyOrder() {
        return 200;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("Deployment", "/spec/deployment"), new Column("Adapter", "/spec/uri"));
    }

    @Override
    public String summary(JsonNode manifest) {
        return manifest.at("/spec/uri").asString("") + " on " + manifest.at("/spec/deployment").asString("");
    }

    @Override
    public String noun() {
        return "adapter";
    }
}
