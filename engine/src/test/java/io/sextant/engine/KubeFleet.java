package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A fleet of ModelDeployments synced onto {@link KubeApiServer}, for tests that kill engines mid-sync:
 * the specs {@code m1..mN} in Git, the engine settings of the {@code fleet} source and the
 * {@code prod-k8s} backend, and the checks that the live objects are what the specs say and each was
 * applied once.
 */
final class KubeFleet {

    static final String SOURCE = "fleet";
    static final String BACKEND = "prod-k8s";
    static final String GIT_USER = "sextant";

    private KubeFleet() {
    }

    /** Writes {@code teams/search/m1.yaml .. mN.yaml}; {@code m<i>} asks for {@link #replicas(int)} replicas. */
    static void writeSpecs(Path work, int deployments) throws IOException {
        for (int i = 1; i <= deployments; i++) {
            GitCli.writeFile(work, "teams/search/m" + i + ".yaml", deployment("m" + i, replicas(i)));
        }
    }

    static int replicas(int i) {
        return i % 3 + 1;
    }

    static String deployment(String name, int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f, servedName: %s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0, args: {max-model-len: 8192}}
                  resources:
                    gpu: {type: H100-80GB, count: 1}
                  replicas: %d
                """.formatted(name, name, replicas);
    }

    /** The label that turns self-heal on, for {@link #labelled}. */
    static final String SELF_HEAL = "labels: {sextant.io/self-heal: \"true\"}";

    /** Llama 3.1 8B served as {@code chat}: vLLM image tag, GPU type and count (also its tensor parallelism), replicas. */
    static String deployment(String name, String gpu, int gpus, int replicas, String tag) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f, servedName: chat}
                  runtime:
                    engine: vllm
                    image: vllm/vllm-openai:%s
                    args: {max-model-len: 8192, tensor-parallel-size: %d}
                  resources:
                    gpu: {type: %s, count: %d}
                  replicas: %d
                """.formatted(name, tag, gpus, gpu, gpus, replicas);
    }

    /** A Qwen deployment on one L4 with the given metadata labels and scaling line ({@code replicas: 1}). */
    static String labelled(String name, String labels, String scaling) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search, %s}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://Qwen/Qwen2.5-7B-Instruct}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0}
                  resources:
                    gpu: {type: L4-24GB, count: 1}
                  %s
                """.formatted(name, labels, scaling);
    }

    /**
     * The settings of source {@code fleet} (specs under {@code teams/}, polled hourly so that only the test
     * triggers syncs) and backend {@code prod-k8s} (the API server, as the caller named by {@code kubeTokenFile}).
     * The backend reads with a GET per object ({@code watch: false}): these tests count the drift scan's reads
     * and stop the engine mid-sync. The watch path, the default, is {@link KubernetesWatchDriftTest}'s.
     */
    static Map<String, String> engineSettings(GitHttpServer git, Path gitTokenFile, KubeApiServer kube,
                                              Path kubeTokenFile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sextant.drift.interval", "1h");
        settings.put("sextant.sources[0].name", SOURCE);
        settings.put("sextant.sources[0].url", git.url(SOURCE));
        settings.put("sextant.sources[0].paths[0]", "teams/");
        settings.put("sextant.sources[0].poll-interval", "1h");
        settings.put("sextant.sources[0].auth.username", GIT_USER);
        settings.put("sextant.sources[0].auth.token-file", gitTokenFile.toString());
        settings.put("sextant.backends[0].name", BACKEND);
        settings.put("sextant.backends[0].type", "kubernetes");
        settings.put("sextant.backends[0].url", kube.url());
        settings.put("sextant.backends[0].token-file", kubeTokenFile.toString());
        settings.put("sextant.backends[0].namespace", KubeApiServer.NAMESPACE);
        settings.put("sextant.backends[0].gpu-products[H100-80GB]", "NVIDIA-H100-80GB-HBM3");
        settings.put("sextant.backends[0].watch", "false");
        return settings;
    }

    /** How many server-side applies each object path got. */
    static Map<String, Long> appliesByObject(List<WatchedApi.Call> calls) {
        return calls.stream().filter(WatchedApi.Call::apply)
                .collect(Collectors.groupingBy(WatchedApi.Call::path, TreeMap::new, Collectors.counting()));
    }

    /** How many server-side applies each caller (bearer token) sent. */
    static Map<String, Long> appliesByCaller(List<WatchedApi.Call> calls) {
        return calls.stream().filter(WatchedApi.Call::apply)
                .collect(Collectors.groupingBy(WatchedApi.Call::caller, TreeMap::new, Collectors.counting()));
    }

    /** Every ModelDeployment of {@link #writeSpecs} is a Deployment and a Service as its spec says. */
    static void assertEveryObjectIsAsTheSpecsSay(KubeApiServer kube, int deployments) {
        for (int i = 1; i <= deployments; i++) {
            Deployment deployment = kube.deployment("search--m" + i);
            assertThat(deployment).as("Deployment m" + i).isNotNull();
            assertThat(deployment.getSpec().getReplicas()).as("replicas of m" + i).isEqualTo(replicas(i));
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
            assertThat(container.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
            assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
                    .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
            assertThat(kube.service("search--m" + i)).as("Service m" + i).isNotNull();
        }
    }
}
