package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SourceProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Git credentials and webhook secrets reach each source as mounted files and environment variables. */
class ChartCredentialsTest {

    static final Map<String, Object> SSH_SOURCE = Map.of(
            "sextant.sources[0].name", "infra",
            "sextant.sources[0].url", "ssh://git@git.example.com/acme/infra.git",
            "gitCredentials.infra.existingSecret", "infra-git-ssh",
            "gitCredentials.infra.sshKeyKey", "id_ed25519",
            "gitCredentials.infra.knownHostsKey", "known_hosts");

    @Test
    void mountsAnSshKeyAndKnownHostsForASourceThatUsesSsh() {
        Rendered chart = SextantChart.render(SSH_SOURCE);
        SourceProperties infra = EngineConfig.bind(chart.applicationYaml()).sextant().sources().get(0);

        assertThat(infra.auth().sshKeyFile()).isEqualTo("/etc/sextant/git/infra/id_ed25519");
        assertThat(infra.auth().knownHosts()).isEqualTo("/etc/sextant/git/infra/known_hosts");
        assertThat(infra.auth().tokenFile()).isNull();
        assertThat(chart.volumes().get("git-infra").getSecret().getSecretName()).isEqualTo("infra-git-ssh");
        // 0440: the key is readable by the pod's group (fsGroup), not by every user in the container.
        assertThat(chart.volumes().get("git-infra").getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(ChartDefaultsTest.mounts(chart.engine())).containsEntry("/etc/sextant/git/infra", "git-infra ro");
    }

    @Test
    void leavesASourceWithoutCredentialsOrWebhookSecretUntouched() {
        Rendered chart = SextantChart.render(Map.of("sextant.sources[0].name", "public",
                "sextant.sources[0].url", "https://github.com/acme/public-fleet.git"));
        SourceProperties source = EngineConfig.bind(chart.applicationYaml()).sextant().sources().get(0);

        assertThat(source.auth()).isNull();
        assertThat(source.webhook()).isNull();
        assertThat(chart.volumes()).doesNotContainKey("git-public");
    }

    @Test
    void keepsTheWebhookSecretASourceNamesItselfOverTheChartWideOne() {
        Rendered chart = SextantChart.render(Map.of("sextant.sources[0].name", "platform",
                "sextant.sources[0].url", "https://github.com/acme/ai-platform.git",
                "sextant.sources[0].webhook.secret-env", "PLATFORM_HOOK",
                "sextant.sources[1].name", "other", "sextant.sources[1].url", "https://github.com/acme/other.git",
                "secrets.webhook.existingSecret", "hooks",
                "secrets.env[0].name", "PLATFORM_HOOK", "secrets.env[0].existingSecret", "platform-hook",
                "secrets.env[0].key", "secret"));
        var sources = EngineConfig.bind(chart.applicationYaml()).sextant().sources();

        assertThat(sources.get(0).webhook().secretEnv()).isEqualTo("PLATFORM_HOOK");
        assertThat(sources.get(1).webhook().secretEnv()).isEqualTo("SEXTANT_WEBHOOK_SECRET");
        assertThat(ChartProductionTest.secretRef(chart.env().get("PLATFORM_HOOK"))).isEqualTo("platform-hook/secret");
        assertThat(ChartProductionTest.secretRef(chart.env().get("SEXTANT_WEBHOOK_SECRET"))).isEqualTo("hooks/webhook-secret");
    }
}
