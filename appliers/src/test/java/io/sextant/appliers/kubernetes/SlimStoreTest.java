package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.spec.kinds.ModelDeployment;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What the watch caches keep of each object: compact JSON, no managedFields, others' objects as name and labels. */
class SlimStoreTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final SlimStore store = new SlimStore(serialization);

    private GenericKubernetesResource object(String name, Map<String, String> labels) {
        return serialization.unmarshal("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "%s", "namespace": "inference", "resourceVersion": "7", "labels": %s,
                   "annotations": {"sextant.io/source": "fleet"},
                   "managedFields": [{"manager": "sextant", "operation": "Apply", "fieldsType": "FieldsV1",
                     "fieldsV1": {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {}}}}}}]},
                 "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.11.0"}]}}},
                 "status": {"readyReplicas": 2}}
                """.formatted(name, serialization.asJson(labels)), GenericKubernetesResource.class);
    }

    @Test
    void sextantsObjectsAreKeptWholeButForManagedFieldsAndAnswerReadsAsJson() {
        Map<String, String> labels = Map.of(KubeNames.MANAGED_BY, KubeNames.SEXTANT, "sextant.io/name", "llama");
        store.put("search--llama", object("search--llama", labels));

        ObjectNode read = store.json("search--llama").orElseThrow();
        assertThat(read.path("metadata").has("managedFields")).isFalse();
        assertThat(read.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(read.path("status").path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(read.path("metadata").path("annotations").path("sextant.io/source").asString()).isEqualTo("fleet");
        assertThat(store.get("search--llama").getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(store.bytes()).as("held as its JSON, nothing else")
                .isEqualTo(read.toString().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void someoneElsesObjectIsKeptAsItsNameAndLabelsOnly() {
        store.put("web", object("web", Map.of("app", "web")));

        ObjectNode read = store.json("web").orElseThrow();
        assertThat(read.has("spec")).isFalse();
        assertThat(read.has("status")).isFalse();
        assertThat(read.path("metadata").path("labels").path("app").asString()).isEqualTo("web");
        assertThat(read.path("metadata").path("name").asString()).isEqualTo("web");
    }

    @Test
    void listsParseOnlyTheObjectsWithTheLabelsAsked() {
        store.put("a", object("a", Map.of(KubeNames.MANAGED_BY, KubeNames.SEXTANT, "sextant.io/name", "a")));
        store.put("b", object("b", Map.of(KubeNames.MANAGED_BY, KubeNames.SEXTANT, "sextant.io/name", "b")));
        store.put("web", object("web", Map.of("app", "web")));

        List<ObjectNode> found = store.json(Map.of("sextant.io/name", "b"));

        assertThat(found).extracting(o -> o.path("metadata").path("name").asString()).containsExactly("b");
        assertThat(store.remove("b").getMetadata().getName()).isEqualTo("b");
        assertThat(store.json(Map.of("sextant.io/name", "b"))).isEmpty();
    }

    @Test
    void noFlavorWatchesPodsOrEndpointSlices() {
        // Health reads of pods and EndpointSlices are label-selected lists: a namespace's pods are never cached.
        for (KubeSettings.Flavor flavor : KubeSettings.Flavor.values()) {
            assertThat(KubeObserver.kindsOf(ModelDeployment.KIND, flavor))
                    .doesNotContainAnyElementsOf(EnumSet.of(KubeKind.POD, KubeKind.ENDPOINT_SLICE));
        }
    }
}
