package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.BackendConfig;
import java.util.Optional;
import java.util.List;
import java.util.ArrayList;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.Set;

/**
 * Creates {@code kubernetes} backends: ModelDeployments run as Deployment + Service (+ HPA when
 * autoscaled) or, with {@code flavor: kserve}, as KServe InferenceServices; InferenceRoutes become
 * Gateway API HTTPRoutes. Objects are written by server-side apply with field manager {@code sextant}
 * and labelled {@code app.kubernetes.io/managed-by: sextant} with their resource identity.
 *
 * <pre>{@code
 * sextant:
 *   backends:
 *     - name: prod-k8s
 *       type: kubernetes
 *       namespace: inference            # target namespace (default: the connection's namespace)
 *       flavor: deployment              # or kserve, or llm-inference-service
 *       kubeconfig: /etc/sextant/kubeconfig   # optional, with context: NAME; or instead:
 *       # url: https://k8s.example.com:6443
 *       # token-env: K8S_TOKEN          # or token-file: /var/run/secrets/tokens/sextant; ca-file: /etc/sextant/ca.crt
 *       # neither: KUBECONFIG / ~/.kube/config, else the in-cluster service account
 *       gpu-products:                   # spec GPU type -> nvidia.com/gpu.product (default: the type itself)
 *         H100-80GB: NVIDIA-H100-80GB-HBM3
 *         L4-24GB: NVIDIA-L4
 *       gateway: gateway-system/inference   # parent Gateway of HTTPRoutes (name or namespace/name)
 *       max-concurrency: 16             # API calls in flight at once
 *       qps: 0                          # client-side requests a second (0: none; the server's 429s pace it)
 *       burst: 0                        # requests at once after a quiet spell (default: 2 x qps)
 *       request-timeout: 30s
 *       force-conflicts: true           # take the fields Sextant declares from another field manager (false: 409)
 *       concurrency-metric: vllm:num_requests_running   # HPA pods metric for autoscaling.targetConcurrency
 *       watch: true                     # list + watch per object type, reads from the caches (false: a GET per object)
 * }</pre>
 *
 * LoRA adapters are not served here (they need a {@code vllm} backend), and the {@code ray-serve}
 * engine needs a {@code ray-serve} backend: {@link Applier#check} says so for such specs.
 */
public final class KubernetesApplierFactory implements ApplierFactory {

    public static final String TYPE = "kubernetes";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Set<String>> settingKeys() {
        return Optional.of(KubeSettings.KEYS);
    }

    @Override
    public Applier create(BackendConfig config) {
        KubeSettings settings = KubeSettings.from(config);
        KubernetesClient client = KubeClients.connect(config.name(), settings);
        return create(config.name(), settings, client);
    }

    /** With a ready client (tests point one at a mock API server). */
    static KubernetesApplier create(String name, KubeSettings settings, KubernetesClient client) {
        String namespace = settings.namespace() != null ? settings.namespace() : client.getNamespace();
        KubeApi api = new KubeApi(name, client, namespace == null ? "default" : namespace,
                settings.maxConcurrency(), settings.forceConflicts(), new RequestRate(settings.qps(), settings.burst()));
        if (settings.watch()) {
            List<KubeKind> watched = new ArrayList<>(KubeObserver.kindsOf(ModelDeployment.KIND, settings.flavor()));
            watched.add(KubeKind.HTTP_ROUTE);
            api.watch(new WatchCache(name, client, api.namespace(), watched));
        }
        return new KubernetesApplier(name, settings, api);
    }
}
