package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SourceProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart with values-production.yaml: three replicas on PostgreSQL, ingress, monitoring, in-cluster Kubernetes. */
class ChartProductionTest {

    static Rendered chart;

    @BeforeAll
    static void render() {
        chart = SextantChart.render(Map.of(), SextantChart.PRODUCTION_VALUES);
    }

    @Test
    void passesStrictHelmLintWithTheProductionValues(@TempDir Path copy) throws Exception {
        LintResult lint = SextantChart.lint(SextantChart.copyWithValues(SextantChart.PRODUCTION_VALUES, copy));

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
    }

    @Test
    void rendersValidKubernetesObjectsOfTheExpectedKinds() {
        assertThat(chart.kinds()).isEqualTo(Map.ofEntries(Map.entry("ClusterRole", 1L),
                Map.entry("ClusterRoleBinding", 1L), Map.entry("ConfigMap", 1L), Map.entry("Deployment", 1L),
                Map.entry("Ingress", 1L), Map.entry("PodDisruptionBudget", 1L), Map.entry("Role", 1L),
                Map.entry("RoleBinding", 1L), Map.entry("Service", 1L), Map.entry("ServiceAccount", 1L),
                Map.entry("ServiceMonitor", 1L)));
        assertThat(chart.objects()).flatExtracting(UnknownFields::of).isEmpty();
    }

    @Test
    void runsThreeReplicasOnPostgresqlWithThePasswordFromASecret() {
        Map<String, EnvVar> env = chart.env();

        assertThat(chart.one(Deployment.class).getSpec().getReplicas()).isEqualTo(3);
        assertThat(env.get("SPRING_PROFILES_ACTIVE").getValue()).isEqualTo("postgres");
        assertThat(env.get("SPRING_DATASOURCE_URL").getValue())
                .isEqualTo("jdbc:postgresql://postgres.databases.svc.cluster.local:5432/sextant?sslmode=require");
        assertThat(env.get("SPRING_DATASOURCE_USERNAME").getValue()).isEqualTo("sextant");
        assertThat(secretRef(env.get("SPRING_DATASOURCE_PASSWORD"))).isEqualTo("sextant-postgres/password");
        assertThat(chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void takesEveryCredentialFromExistingSecretsAndNoneFromTheConfigMap() {
        Map<String, EnvVar> env = chart.env();

        assertThat(secretRef(env.get("SEXTANT_API_ADMINTOKEN"))).isEqualTo("sextant-admin/admin-token");
        assertThat(secretRef(env.get("SEXTANT_API_READTOKEN"))).isEqualTo("sextant-read/read-token");
        assertThat(secretRef(env.get("SEXTANT_WEBHOOK_SECRET"))).isEqualTo("sextant-webhook/webhook-secret");
        assertThat(secretRef(env.get("GITHUB_TOKEN"))).isEqualTo("github-api/token");
        assertThat(chart.volumes().get("git-platform").getSecret().getSecretName()).isEqualTo("ai-platform-git");
        assertThat(ChartDefaultsTest.mounts(chart.engine())).containsEntry("/etc/sextant/git/platform", "git-platform ro");
        assertThat(chart.kinds()).doesNotContainKey("Secret");
        assertThat(chart.applicationYaml()).doesNotContainIgnoringCase("password").doesNotContain("admin-token");
    }

    @Test
    void configMapBindsTheSourcesBackendsPolicyAndSyncSettingsTheEngineReads() {
        SextantProperties sextant = EngineConfig.bind(chart.applicationYaml()).sextant();
        SourceProperties platform = sextant.sources().get(0);

        assertThat(sextant.sources()).hasSize(1);
        assertThat(platform.name()).isEqualTo("platform");
        assertThat(platform.url()).isEqualTo("https://github.com/acme/ai-platform.git");
        assertThat(platform.paths()).containsExactly("deploy/");
        assertThat(platform.pollInterval()).hasSeconds(60);
        assertThat(platform.auth().tokenFile()).isEqualTo("/etc/sextant/git/platform/token");
        assertThat(platform.webhook().secretEnv()).isEqualTo("SEXTANT_WEBHOOK_SECRET");
        assertThat(platform.host().tokenEnv()).isEqualTo("GITHUB_TOKEN");
        assertThat(platform.approval().minApprovals()).isEqualTo(1);
        assertThat(sextant.backends()).singleElement().satisfies(backend -> assertThat(backend)
                .containsEntry("name", "prod-k8s").containsEntry("type", "kubernetes").containsEntry("namespace", "inference"));
        assertThat(sextant.policy().namespaces().get("search").backends()).containsExactly("prod-k8s");
        assertThat(sextant.policy().namespaces().get("search").gpuQuota()).containsEntry("H100-80GB", 16);
        assertThat(sextant.sync().selfHeal()).isTrue();
        assertThat(sextant.sync().maxDeletions()).isEqualTo(10);
        assertThat(sextant.drift().interval()).hasSeconds(60);
    }

    @Test
    void everyVariableAndFileTheConfigurationNamesIsProvidedByThePod() {
        SourceProperties platform = EngineConfig.bind(chart.applicationYaml()).sextant().sources().get(0);

        assertThat(chart.env()).containsKeys(platform.webhook().secretEnv(), platform.host().tokenEnv());
        assertThat(chart.engine().getVolumeMounts()).anySatisfy(mount ->
                assertThat(platform.auth().tokenFile()).startsWith(mount.getMountPath() + "/"));
    }

    @Test
    void keepsEachReplicasGitCacheInAnEmptyDirInsteadOfASharedVolume() {
        assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(chart.volumes().get("data").getEmptyDir().getSizeLimit().toString()).isEqualTo("20Gi");
    }

    @Test
    void routesTheDashboardAndWebhooksThroughTheIngressWithTls() {
        Ingress ingress = chart.one(Ingress.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations()).as("slow clients are stopped at the proxy")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "on")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "1m")
                .containsKey("nginx.ingress.kubernetes.io/limit-connections");
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("sextant-tls"));
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("sextant.example.com");
            assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("sextant");
            assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getPort().getName()).isEqualTo("http");
        });
    }

    @Test
    void notesOpenTheIngressHostAndReadTheTokensFromTheirSecrets() {
        String notes = SextantChart.notes(SextantChart.PRODUCTION_VALUES);

        assertThat(notes).contains("https://sextant.example.com/")
                .contains("get secret sextant-admin").contains("{.data.admin-token}")
                .contains("-H \"Authorization: Bearer $READ_TOKEN\" https://sextant.example.com/api/v1/resources")
                .contains("https://sextant.example.com/api/v1/webhooks/github");
    }

    @Test
    void scrapesActuatorPrometheusWithTheReadTokenThroughAServiceMonitor() {
        GenericKubernetesResource monitor = chart.generic("ServiceMonitor").orElseThrow();
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", "http").containsEntry("path", "/actuator/prometheus")
                .containsEntry("authorization", Map.of("type", "Bearer",
                        "credentials", Map.of("name", "sextant-read", "key", "read-token"))));
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(chart.one(io.fabric8.kubernetes.api.model.Service.class).getMetadata().getLabels())
                .containsAllEntriesOf(selector);
    }

    static String secretRef(EnvVar var) {
        if (var == null || var.getValueFrom() == null || var.getValueFrom().getSecretKeyRef() == null) {
            throw new AssertionError("not a secretKeyRef: " + var);
        }
        return var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey();
    }
}
