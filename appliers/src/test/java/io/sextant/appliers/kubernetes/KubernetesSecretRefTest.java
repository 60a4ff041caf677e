package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Secret references reach the pod as references to the cluster's own Secrets, never as values. */
class KubernetesSecretRefTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    private static DesiredResource withSecrets() {
        return KubeSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: prod-k8s
                  model:
                    uri: hf://meta-llama/Llama-3.1-8B-Instruct
                    credentials: {secretRef: {name: hf-token, key: token}}
                  runtime:
                    engine: vllm
                    image: vllm/vllm-openai:v0.11.0
                    env:
                      VLLM_LOGGING_LEVEL: INFO
                      AWS_ACCESS_KEY_ID: {secretRef: {name: s3-creds, key: access-key}}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                """);
    }

    @Test
    void putsTheModelTokenAndEnvReferencesInThePodAsSecretKeyRefs() throws Exception {
        applier.apply(withSecrets());

        Deployment deployment = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get();
        List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).extracting(EnvVar::getName).containsExactly("AWS_ACCESS_KEY_ID", "HF_TOKEN", "VLLM_LOGGING_LEVEL");
        assertThat(env.get(0).getValue()).isNull();
        assertThat(env.get(0).getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
        assertThat(env.get(0).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("access-key");
        assertThat(env.get(1).getValue()).isNull();
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-token");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(env.get(2).getValue()).isEqualTo("INFO");
    }

    @Test
    void observesTheReferencesAsWrittenSoThereIsNoFalseDrift() throws Exception {
        DesiredResource desired = withSecrets();
        applier.apply(desired);

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();

        assertThat(DriftDetector.withDefaults().diff("kubernetes", LLAMA, desired.manifest(), observed.manifest())).isEmpty();
        assertThat(observed.manifest().at("/spec/runtime/env/AWS_ACCESS_KEY_ID/secretRef/name").asString()).isEqualTo("s3-creds");
        assertThat(observed.manifest().at("/spec/model/credentials/secretRef/name").asString()).isEqualTo("hf-token");
    }

    @Test
    void showsASecretReferenceChangedInTheClusterAsDriftOfTheReference() throws Exception {
        DesiredResource desired = withSecrets();
        applier.apply(desired);
        Deployment live = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get();
        live.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1).getValueFrom().getSecretKeyRef()
                .setName("someone-elses-token");
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(live).update();

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();

        assertThat(DriftDetector.withDefaults().diff("kubernetes", LLAMA, desired.manifest(), observed.manifest()).toString())
                .contains("/spec/model/credentials/secretRef/name").contains("someone-elses-token");
    }
}
