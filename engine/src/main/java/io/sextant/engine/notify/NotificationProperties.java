package io.sextant.engine.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification settings under {@code sextant.notifications} (README "Notifications"). Secrets (a Slack
 * webhook URL, a webhook's signing secret, an SMTP password) come only from environment variables or files.
 *
 * @param dashboardUrl     the dashboard's public address; messages link a resource's page under it
 * @param channels         where messages go
 * @param rules            which events go to which channels
 * @param groupWindow      repeats of one event type for one resource on one channel are sent at most once per
 *                         window, as one message with a count
 * @param retry            backoff of a channel that fails: doubling from {@code initialDelay} to {@code maxDelay}
 * @param dispatchInterval how often each replica looks for due deliveries
 * @param lease            how long a replica holds a row while delivering it; after that another may retry it
 */
@ConfigurationProperties("sextant.notifications")
record NotificationProperties(
        String dashboardUrl,
        List<ChannelProperties> channels,
        List<RuleProperties> rules,
        @DefaultValue("10m") Duration groupWindow,
        @DefaultValue RetryProperties retry,
        @DefaultValue("1s") Duration dispatchInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("7d") Duration retention) {

    NotificationProperties {
        channels = channels == null ? List.of() : List.copyOf(channels);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * One channel.
     *
     * @param name       how rules name it (and the {@code channel} label of metrics)
     * @param type       {@code slack}, {@code webhook} or {@code email}
     * @param url        a webhook's URL (without credentials); a Slack URL is a secret, so only from
     *                   {@code url-env}/{@code url-file}
     * @param urlEnv     environment variable holding the URL
     * @param urlFile    file holding the URL
     * @param secretEnv  webhook: environment variable holding the HMAC-SHA256 signing secret
     * @param secretFile webhook: file holding the signing secret
     * @param timeout    connect and answer timeout of one delivery
     * @param smtp       email: the SMTP server
     * @param from       email: sender address
     * @param to         email: recipients
     */
    record ChannelProperties(String name, String type, String url, String urlEnv, String urlFile, String secretEnv,
                             String secretFile, @DefaultValue("10s") Duration timeout, SmtpProperties smtp, String from,
                             List<String> to) {}

    /**
     * An SMTP server.
     *
     * @param host         server name
     * @param port         port (587 for submission with STARTTLS, 25, 465 is not supported: use STARTTLS)
     * @param starttls     require STARTTLS before anything else is sent
     * @param username     login, when the server needs one
     * @param passwordEnv  environment variable holding the password
     * @param passwordFile file holding the password
     */
    record SmtpProperties(String host, @DefaultValue("587") int port, @DefaultValue("true") boolean starttls,
                          String username, String passwordEnv, String passwordFile) {}

    /**
     * A rule: events of these types whose resource matches every selector given go to these channels. An
     * empty selector matches everything.
     *
     * @param name       for messages about the rule
     * @param channels   channel names
     * @param events     event types ({@code sync.failed}, {@code drift.detected}, ...); empty means all
     * @param sources    source names
     * @param namespaces namespaces
     * @param kinds      kinds
     * @param names      resource names
     * @param backends   backend names
     * @param labels     labels the resource's metadata must carry (Kubernetes {@code matchLabels})
     */
    record RuleProperties(String name, List<String> channels, List<String> events, List<String> sources,
                          List<String> namespaces, List<String> kinds, List<String> names, List<String> backends,
                          Map<String, String> labels) {

        RuleProperties {
            channels = channels == null ? List.of() : List.copyOf(channels);
            events = events == null ? List.of() : List.copyOf(events);
            sources = sources == null ? List.of() : List.copyOf(sources);
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
            names = names == null ? List.of() : List.copyOf(names);
            backends = backends == null ? List.of() : List.copyOf(backends);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** Backoff of a failing channel. */
    record RetryProperties(@DefaultValue("10s") Duration initialDelay, @DefaultValue("10m") Duration maxDelay) {}
}
