package io.sextant.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sextant.appliers.kubernetes.SsaCrudDispatcher;
import java.time.Duration;
import java.util.HashMap;

/**
 * A Kubernetes API server for engine tests: the fabric8 mock in CRUD mode, taught server-side apply
 * ({@link SsaCrudDispatcher}), over plain HTTP, with the Gateway API HTTPRoute and KServe LLMInferenceService types
 * installed. The engine
 * reaches it as a user's would, through a {@code kubernetes} backend's {@code url} and {@code token-file};
 * {@link #kubectl} plays the person acting behind the engine's back.
 */
final class KubeApiServer implements AutoCloseable {

    static final String NAMESPACE = "inference";

    static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
            .withNamespaced(true).build();

    static final ResourceDefinitionContext LLM_INFERENCE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1alpha1").withKind("LLMInferenceService")
            .withPlural("llminferenceservices").withNamespaced(true).build();

    final SsaCrudDispatcher crud = new SsaCrudDispatcher();
    /** Every request as it reached the server, with its caller. */
    final WatchedApi api;
    final NamespacedKubernetesClient kubectl;
    private final KubernetesMockServer server;

    /** A server that answers writes after {@code writeLatency}. */
    KubeApiServer(Duration writeLatency) {
        api = new WatchedApi(crud, writeLatency);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init();
        for (ResourceDefinitionContext type : new ResourceDefinitionContext[] {HTTP_ROUTE, LLM_INFERENCE_SERVICE}) {
            crud.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(type.getGroup())
                    .withVersion(type.getVersion()).withKind(type.getKind()).withPlural(type.getPlural())
                    .withScope("Namespaced").withStatusSubresource(true).build());
        }
        kubectl = server.createClient(new JdkHttpClientFactory());
    }

    /** The API server URL, as a {@code kubernetes} backend's {@code url} setting takes it. */
    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    Deployment deployment(String name) {
        return kubectl.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    io.fabric8.kubernetes.api.model.Service service(String name) {
        return kubectl.services().inNamespace(NAMESPACE).withName(name).get();
    }

    GenericKubernetesResource httpRoute(String name) {
        return kubectl.genericKubernetesResources(HTTP_ROUTE).inNamespace(NAMESPACE).withName(name).get();
    }

    GenericKubernetesResource llmInferenceService(String name) {
        return kubectl.genericKubernetesResources(LLM_INFERENCE_SERVICE).inNamespace(NAMESPACE).withName(name).get();
    }

    @Override
    public void close() {
        kubectl.close();
        server.destroy();
    }
}
