package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.notify.NotificationProperties.ChannelProperties;
import io.sextant.engine.notify.NotificationProperties.SmtpProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel settings that cannot work are refused at start-up with the key, and never with a secret. */
class ChannelSettingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private static Map<String, Channel> load(Map<String, String> env, ChannelProperties... channels) {
        return ChannelSettings.load(new NotificationProperties(null, List.of(channels), List.of(), Duration.ofMinutes(10),
                new NotificationProperties.RetryProperties(Duration.ofSeconds(10), Duration.ofMinutes(10)),
                Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofDays(7)), env::get, Clock.systemUTC());
    }

    private static ChannelProperties slack(String name, String urlEnv) {
        return new ChannelProperties(name, "slack", null, urlEnv, null, null, null, TIMEOUT, null, null, null);
    }

    private static ChannelProperties email(String from, List<String> to) {
        return new ChannelProperties("mail", "email", null, null, null, null, null, TIMEOUT,
                new SmtpProperties("smtp.example.com", 587, true, null, null, null), from, to);
    }

    @Test
    void buildsEachTypeFromSecretsInTheEnvironmentAndFiles() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret"), "signing-secret\n");
        Map<String, Channel> channels = load(Map.of("SLACK_URL", "https://hooks.slack.com/services/T0/B0/x"),
                slack("ops", "SLACK_URL"),
                new ChannelProperties("hooks", "webhook", "https://hooks.example.com/x", null, null, null,
                        secret.toString(), TIMEOUT, null, null, null),
                email("sextant@example.com", List.of("oncall@example.com")));

        assertThat(channels).containsOnlyKeys("ops", "hooks", "mail");
        assertThat(channels.values()).extracting(Channel::type).containsExactly("slack", "webhook", "email");
        assertThat(channels.get("hooks").toString()).doesNotContain("signing-secret");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> load(Map.of("U", "https://hooks.slack.com/a"), slack("ops", "U"), slack("ops", "U")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("sextant.notifications.channels[1].name");
        assertThatThrownBy(() -> load(Map.of(), email("not an address", List.of("oncall@example.com"))))
                .hasMessage("sextant.notifications.channels[0].from: 'not an address' is not an email address");
        assertThatThrownBy(() -> load(Map.of(), email("sextant@example.com", List.of())))
                .hasMessage("sextant.notifications.channels[0].to: is missing");
        assertThatThrownBy(() -> load(Map.of(), new ChannelProperties("hooks", "webhook", "https://h.example.com/x",
                "HOOK_URL", null, "S", null, TIMEOUT, null, null, null)))
                .hasMessage("sextant.notifications.channels[0].url: is set in more than one way");
        assertThatThrownBy(() -> load(Map.of("U", "https://hooks.slack.com/a"), new ChannelProperties("ops", "slack",
                null, "U", null, null, null, TIMEOUT, null, "sextant@example.com", null)))
                .hasMessage("sextant.notifications.channels[0].from: is not a setting of a slack channel");
        assertThatThrownBy(() -> load(Map.of("U", "ftp://robot:pw-x@hooks.example.com/a"), slack("ops", "U")))
                .hasMessage("sextant.notifications.channels[0].url: the URL is not an absolute http or https URL");
        assertThatThrownBy(() -> load(Map.of("U", "https://robot:pw-x@hooks.example.com/a"), slack("ops", "U")))
                .hasMessage("sextant.notifications.channels[0].url: the URL carries credentials (user information"
                        + " before '@')");
        assertThatThrownBy(() -> load(Map.of(), new ChannelProperties("pager", "pagerduty", null, null, null, null, null,
                TIMEOUT, null, null, null)))
                .hasMessage("sextant.notifications.channels[0].type: 'pagerduty' is not a channel type");
    }
}
