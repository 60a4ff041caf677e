package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.sextant.engine.notify.Channel.Delivery;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Email through a real SMTP server (GreenMail, in this JVM) that requires a login. */
class EmailChannelTest {

    GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("sextant", "s3cret-pw"));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private EmailChannel channel(String password, boolean starttls) {
        var settings = new NotificationProperties.SmtpProperties("127.0.0.1", smtp.getSmtp().getPort(), starttls,
                "sextant", null, null);
        return EmailChannel.of("oncall", settings, password, "sextant@example.com", List.of("oncall@example.com"),
                Duration.ofSeconds(5));
    }

    @Test
    void mailsTheNotificationWithItsDeliveryKeyAsMessageId() throws Exception {
        Delivery result = channel("s3cret-pw", false).send(Notifications.outgoing(
                Notifications.failed("llama", "backend said 503"), 4));

        assertThat(result).isInstanceOf(Delivery.Delivered.class);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getMessageID()).isEqualTo("<audit-7.ops@sextant.invalid>");
        assertThat(mail.getHeader("X-Sextant-Delivery")[0]).isEqualTo("audit-7.ops");
        assertThat(mail.getSubject()).isEqualTo("[sextant] Sync failed: ModelDeployment/search/llama (4 times)");
        assertThat(GreenMailUtil.getBody(mail)).contains("backend said 503")
                .contains("https://github.com/acme/ai-platform/pull/17")
                .contains("https://sextant.example.com/#/resources/ModelDeployment/search/llama");
    }

    @Test
    void aWrongPasswordIsRetriedAndNeverQuoted() {
        Delivery result = channel("wrong-pw-value", false).send(Notifications.outgoing(
                Notifications.failed("llama", "x"), 1));

        assertThat(result).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.reason()).startsWith("SMTP").doesNotContain("wrong-pw-value"));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStarttlsSendsNothingToAServerWithoutIt() {
        Delivery result = channel("s3cret-pw", true).send(Notifications.outgoing(Notifications.failed("llama", "x"), 1));

        assertThat(result).isInstanceOf(Delivery.Retry.class);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
