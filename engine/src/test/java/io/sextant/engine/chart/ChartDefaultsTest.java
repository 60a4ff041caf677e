package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.engine.config.SextantProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart with its default values: one engine on its embedded default, with its data on a volume. */
class ChartDefaultsTest {

    static Rendered chart;

    @BeforeAll
    static void render() {
        chart = SextantChart.render(Map.of());
    }

    @Test
    void passesStrictHelmLint() {
        LintResult lint = SextantChart.lint(SextantChart.DIR);

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
    }

    @Test
    void rendersOneEngineWithItsServiceConfigVolumeAndServiceAccountOnly() {
        assertThat(chart.kinds()).isEqualTo(Map.of("ConfigMap", 1L, "Deployment", 1L,
                "PersistentVolumeClaim", 1L, "Service", 1L, "ServiceAccount", 1L));
        assertThat(chart.one(Deployment.class).getSpec().getReplicas()).isEqualTo(1);
        assertThat(chart.engine().getImage()).isEqualTo("sextant:0.1.0");
    }

    @Test
    void everyRenderedFieldIsInTheKubernetesSchema() {
        assertThat(chart.objects()).flatExtracting(UnknownFields::of).isEmpty();
    }

    @Test
    void unknownFieldCheckCatchesAMisspelledField() {
        List<HasMetadata> typo = SextantChart.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: c
                      env:
                        - name: TOKEN
                          valueFrom: {secretKeyref: {name: s, key: k}}
                """);

        assertThat(UnknownFields.of(typo.get(0)))
                .containsExactly("Pod/p: spec.containers[0].env[0].valueFrom secretKeyref");
    }

    @Test
    void probesAskSpringBootsLivenessAndReadinessGroupsOnTheHttpPort() {
        Container engine = chart.engine();

        assertThat(httpGet(engine.getLivenessProbe())).isEqualTo("/actuator/health/liveness on http");
        assertThat(httpGet(engine.getReadinessProbe())).isEqualTo("/actuator/health/readiness on http");
        assertThat(httpGet(engine.getStartupProbe())).isEqualTo("/actuator/health/liveness on http");
        assertThat(engine.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getName() + ":" + port.getContainerPort()).isEqualTo("http:8080"));
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootFilesystemWithWritableDataAndTmp() {
        PodSecurityContext pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getSecurityContext();
        Container engine = chart.engine();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(10001L);
        assertThat(engine.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(engine.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(engine.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(mounts(engine)).containsEntry("/var/lib/sextant", "data rw").containsEntry("/tmp", "tmp rw")
                .containsEntry("/config", "config ro");
    }

    @Test
    void keepsTheDataDirectoryOnAPersistentVolumeAndRecreatesThePodToMoveIt() {
        PersistentVolumeClaim claim = chart.one(PersistentVolumeClaim.class);

        assertThat(chart.volumes().get("data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName());
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
        assertThat(chart.one(Deployment.class).getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void passesTheConfigMapToTheEngineAsAnAdditionalConfigLocation() {
        assertThat(chart.engine().getArgs())
                .containsExactly("--spring.config.additional-location=file:/config/application.yaml");
        assertThat(chart.volumes().get("config").getConfigMap().getName())
                .isEqualTo(chart.one(io.fabric8.kubernetes.api.model.ConfigMap.class).getMetadata().getName());
    }

    @Test
    void configuresTheEmbeddedDefaultWithProbesEnabledAndNoSecrets() {
        EngineConfig config = EngineConfig.bind(chart.applicationYaml());
        SextantProperties sextant = config.sextant();

        assertThat(sextant.sources()).isEmpty();
        assertThat(sextant.backends()).isEmpty();
        assertThat(sextant.dataDir()).isEqualTo(Path.of("/var/lib/sextant"));
        assertThat(config.probesEnabled()).isTrue();
        assertThat(config.serverPort()).isEqualTo(8080);
        assertThat(chart.env().keySet()).containsExactly("JAVA_TOOL_OPTIONS");
        assertThat(chart.env().get("JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void exposesTheEngineOnAClusterIpServiceSelectingItsPods() {
        io.fabric8.kubernetes.api.model.Service service = chart.one(io.fabric8.kubernetes.api.model.Service.class);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void notesSayHowToOpenTheDashboardAndReadTheGeneratedAdminToken() {
        String notes = SextantChart.notes(SextantChart.DIR.resolve("values.yaml"));

        assertThat(notes).contains("kubectl --namespace ai-platform port-forward svc/sextant 8080:8080")
                .contains("open http://localhost:8080/")
                .contains("kubectl --namespace ai-platform exec deploy/sextant -- cat /var/lib/sextant/admin-token");
    }

    static String httpGet(Probe probe) {
        return probe.getHttpGet().getPath() + " on " + probe.getHttpGet().getPort().getStrVal();
    }

    static Map<String, String> mounts(Container container) {
        return container.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath,
                m -> m.getName() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : " rw")));
    }
}
