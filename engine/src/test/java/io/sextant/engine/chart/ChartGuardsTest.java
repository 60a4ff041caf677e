package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values that would deploy a broken engine are refused with a message saying what to set; options switch objects on. */
class ChartGuardsTest {

    static final Map<String, Object> CLUSTERED = Map.of("replicaCount", 3, "postgres.enabled", true,
            "postgres.host", "db", "postgres.passwordSecret.name", "db-password",
            "secrets.adminToken.existingSecret", "admin", "persistence.enabled", false);

    @Test
    void refusesMoreThanOneReplicaWithoutPostgresql() {
        assertThatThrownBy(() -> SextantChart.template(Map.of("replicaCount", 3)))
                .hasMessageContaining("replicaCount > 1 needs postgres.enabled=true: replicas share work through "
                        + "Quartz's clustered job store on PostgreSQL");
    }

    @Test
    void refusesMoreThanOneReplicaWhereEachWouldGenerateItsOwnAdminToken() {
        assertThatThrownBy(() -> SextantChart.template(without(CLUSTERED, "secrets.adminToken.existingSecret")))
                .hasMessageContaining("replicaCount > 1 needs secrets.adminToken.existingSecret");
    }

    @Test
    void refusesMoreThanOneReplicaOnOneReadWriteOnceDataVolume() {
        assertThatThrownBy(() -> SextantChart.template(with(CLUSTERED, "persistence.enabled", true)))
                .hasMessageContaining("replicaCount > 1 needs persistence.enabled=false");
    }

    @Test
    void rendersThreeReplicasOnceEverythingTheyShareIsConfigured() {
        assertThat(SextantChart.render(CLUSTERED).kinds()).containsEntry("Deployment", 1L)
                .containsEntry("PodDisruptionBudget", 1L);
    }

    @Test
    void refusesPostgresqlWithoutAHostOrPasswordSecret() {
        assertThatThrownBy(() -> SextantChart.template(Map.of("postgres.enabled", true,
                "postgres.passwordSecret.name", "db-password")))
                .hasMessageContaining("postgres.enabled=true needs postgres.host");
        assertThatThrownBy(() -> SextantChart.template(Map.of("postgres.enabled", true, "postgres.host", "db")))
                .hasMessageContaining("postgres.enabled=true needs postgres.passwordSecret.name");
    }

    @Test
    void refusesGitCredentialsForASourceThatDoesNotExist() {
        assertThatThrownBy(() -> SextantChart.template(Map.of("gitCredentials.platfrom.existingSecret", "git")))
                .hasMessageContaining("gitCredentials.platfrom: no source named \"platfrom\" in sextant.sources");
    }

    @Test
    void rendersAServiceMonitorOnlyWhenEnabled() {
        assertThat(SextantChart.render(Map.of()).generic("ServiceMonitor")).isEmpty();
        assertThat(SextantChart.render(Map.of("monitoring.serviceMonitor.enabled", true)).generic("ServiceMonitor"))
                .isPresent();
    }

    @Test
    void rendersAnIngressOnlyWhenEnabled() {
        assertThat(SextantChart.render(Map.of()).all(Ingress.class)).isEmpty();
        Ingress ingress = SextantChart.render(Map.of("ingress.enabled", true)).one(Ingress.class);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("sextant.example.com");
        assertThat(ingress.getSpec().getTls()).isEmpty();
    }

    static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(values);
        out.put(key, value);
        return out;
    }

    static Map<String, Object> without(Map<String, Object> values, String key) {
        Map<String, Object> out = new java.util.HashMap<>(values);
        out.remove(key);
        return out;
    }
}
