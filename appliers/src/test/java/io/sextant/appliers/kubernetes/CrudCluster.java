package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sextant.appliers.api.BackendConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fake cluster for tests: the fabric8 mock API server in CRUD mode (with server-side apply), a
 * kubectl-like client for acting behind Sextant's back, and appliers connected to it.
 */
final class CrudCluster implements AutoCloseable {

    static final String NS = "inference";

    final SsaCrudDispatcher dispatcher = new SsaCrudDispatcher();
    final KubernetesMockServer server;
    /** Plays the person with kubectl. */
    final NamespacedKubernetesClient kubectl;

    CrudCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        for (KubeKind kind : new KubeKind[] {KubeKind.INFERENCE_SERVICE, KubeKind.LLM_INFERENCE_SERVICE, KubeKind.HTTP_ROUTE}) {
            var context = kind.context();
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(context.getGroup())
                    .withVersion(context.getVersion()).withKind(context.getKind()).withPlural(context.getPlural())
                    .withScope("Namespaced").withStatusSubresource(true).build());
        }
        kubectl = server.createClient(new JdkHttpClientFactory());
    }

    /**
     * A {@code kubernetes} backend named {@code prod-k8s} on namespace {@value #NS}, with extra settings.
     * It reads with a GET per object ({@code watch: false}) unless told otherwise, so a test that changes
     * an object behind its back reads the change at once; the watch path has its own tests
     * ({@code KubernetesWatchTest}), which wait for the watch.
     */
    KubernetesApplier applier(Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("namespace", NS,
                "gpu-products", Map.of("H100-80GB", "NVIDIA-H100-80GB-HBM3"), "watch", false));
        settings.putAll(extra);
        KubeSettings parsed = KubeSettings.from(new BackendConfig("prod-k8s", "kubernetes", settings, null));
        return KubernetesApplierFactory.create("prod-k8s", parsed, server.createClient(new JdkHttpClientFactory()));
    }

    KubernetesApplier applier() {
        return applier(Map.of());
    }

    /** A live object as kubectl would print it, or null. */
    GenericKubernetesResource get(KubeKind kind, String name) {
        return kubectl.genericKubernetesResources(kind.context()).inNamespace(NS).withName(name).get();
    }

    @Override
    public void close() {
        kubectl.close();
        server.destroy();
    }
}
