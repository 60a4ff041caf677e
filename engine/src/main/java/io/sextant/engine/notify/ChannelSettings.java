package io.sextant.engine.notify;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.notify.NotificationProperties.ChannelProperties;
import io.sextant.engine.notify.NotificationProperties.RuleProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the configured channels and checks them and the rules at start-up: every mistake is a
 * {@link ConfigurationException} naming the key, and never quoting a secret. Secrets come only from an
 * environment variable or a file, which must be set and not empty.
 */
final class ChannelSettings {

    private static final String KEY = "sextant.notifications";

    private ChannelSettings() {
    }

    static Map<String, Channel> load(NotificationProperties properties, UnaryOperator<String> env, Clock clock) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        List<ChannelProperties> list = properties.channels();
        for (int i = 0; i < list.size(); i++) {
            String key = KEY + ".channels[" + i + "]";
            ChannelProperties c = list.get(i);
            if (c.name() == null || c.name().isBlank() || !c.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
                throw new ConfigurationException(key + ".name", "is missing or not a simple name",
                        "Name the channel with letters, digits, '.', '_' or '-' (rules refer to it by name).");
            }
            if (channels.containsKey(c.name())) {
                throw new ConfigurationException(key + ".name", "'" + c.name() + "' names two channels",
                        "Give each channel its own name.");
            }
            channels.put(c.name(), channel(key, c, env, clock));
        }
        checkRules(properties.rules(), channels);
        checkDashboardUrl(properties.dashboardUrl());
        return channels;
    }

    private static Channel channel(String key, ChannelProperties c, UnaryOperator<String> env, Clock clock) {
        String type = c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "slack" -> {
                notFor(key, "slack", "smtp", c.smtp(), "from", c.from(), "to", c.to(), "secret-env", c.secretEnv(),
                        "secret-file", c.secretFile());
                if (c.url() != null) {
                    throw new ConfigurationException(key + ".url", "a Slack incoming-webhook URL is a secret",
                            "Put it in an environment variable or a file and set url-env or url-file instead.");
                }
                String url = secret(key, "url", null, c.urlEnv(), c.urlFile(), env, true);
                return new SlackChannel(c.name(), checkedUrl(key + ".url", url, false), c.timeout());
            }
            case "webhook" -> {
                notFor(key, "webhook", "smtp", c.smtp(), "from", c.from(), "to", c.to());
                String url = secret(key, "url", c.url(), c.urlEnv(), c.urlFile(), env, true);
                String secret = secret(key, "secret", null, c.secretEnv(), c.secretFile(), env, true);
                return new WebhookChannel(c.name(), checkedUrl(key + ".url", url, c.url() != null), c.timeout(),
                        secret.getBytes(StandardCharsets.UTF_8), clock);
            }
            case "email" -> {
                notFor(key, "email", "url", c.url(), "url-env", c.urlEnv(), "url-file", c.urlFile(), "secret-env",
                        c.secretEnv(), "secret-file", c.secretFile());
                if (c.smtp() == null || c.smtp().host() == null || c.smtp().host().isBlank()) {
                    throw new ConfigurationException(key + ".smtp.host", "is missing", "Name the SMTP server.");
                }
                if (c.from() == null || c.from().isBlank() || c.to() == null || c.to().isEmpty()) {
                    throw new ConfigurationException(key + (c.from() == null || c.from().isBlank() ? ".from" : ".to"),
                            "is missing", "Give the sender (from) and at least one recipient (to).");
                }
                address(key + ".from", c.from());
                for (int j = 0; j < c.to().size(); j++) {
                    address(key + ".to[" + j + "]", c.to().get(j));
                }
                String password = secret(key + ".smtp", "password", null, c.smtp().passwordEnv(),
                        c.smtp().passwordFile(), env, false);
                if (password != null && (c.smtp().username() == null || c.smtp().username().isBlank())) {
                    throw new ConfigurationException(key + ".smtp.username", "is missing while a password is set",
                            "Set the SMTP login name too.");
                }
                return EmailChannel.of(c.name(), c.smtp(), password, c.from(), c.to(), c.timeout());
            }
            default -> throw new ConfigurationException(key + ".type", "'" + c.type() + "' is not a channel type",
                    "Use slack, webhook or email.");
        }
    }

    /** An RFC 822 address, checked strictly now rather than failing every send later. */
    private static void address(String key, String address) {
        try {
            new jakarta.mail.internet.InternetAddress(address, true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new ConfigurationException(key, "'" + address + "' is not an email address",
                    "Write it as name@example.com.");
        }
    }

    /** Settings another type reads, refused so a misplaced key is not silently ignored. */
    private static void notFor(String key, String type, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
                throw new ConfigurationException(key + "." + pairs[i], "is not a setting of a " + type + " channel",
                        "Remove it (README \"Notifications\" lists each type's settings).");
            }
        }
    }

    /** The value set directly, or read from the variable or file named: exactly one of them. */
    static String secret(String key, String what, String direct, String envName, String file,
                         UnaryOperator<String> env, boolean required) {
        int set = (direct != null ? 1 : 0) + (envName != null ? 1 : 0) + (file != null ? 1 : 0);
        if (set > 1) {
            throw new ConfigurationException(key + "." + what, "is set in more than one way",
                    "Set only one of " + what + (direct != null ? ", " : " or ") + what + "-env" + " or " + what + "-file.");
        }
        if (set == 0) {
            if (!required) {
                return null;
            }
            throw new ConfigurationException(key + "." + what + "-env", "is missing",
                    "Name the environment variable (" + what + "-env) or file (" + what + "-file) that holds it.");
        }
        if (direct != null) {
            return direct.strip();
        }
        if (envName != null) {
            String value = env.apply(envName.strip());
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(key + "." + what + "-env", "environment variable " + envName.strip()
                        + " is not set or empty", "Export " + envName.strip() + " before starting the engine.");
            }
            return value.strip();
        }
        try {
            String value = Files.readString(Path.of(file.strip()));
            if (value.isBlank()) {
                throw new ConfigurationException(key + "." + what + "-file", file.strip() + " is empty",
                        "Write the value into the file.");
            }
            return value.strip();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException(key + "." + what + "-file", "cannot read " + file.strip() + " ("
                    + e.getClass().getSimpleName() + ")", "Check the path and the file's permissions.");
        }
    }

    /**
     * An http(s) URL without user information. {@code quotable} says whether the URL may appear in the message:
     * one read from a variable or file may be a credential (Slack's is), so it is never quoted.
     */
    static URI checkedUrl(String key, String url, boolean quotable) {
        String shown = quotable ? url : "the URL";
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, shown + " is not a URL", "Give an absolute http or https URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new ConfigurationException(key, shown + " is not an absolute http or https URL",
                    "Give an absolute http or https URL.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigurationException(key, "the URL carries credentials (user information before '@')",
                    "Remove them: a webhook is authenticated by its signature, and URLs end up in logs.");
        }
        return uri;
    }

    private static void checkRules(List<RuleProperties> rules, Map<String, Channel> channels) {
        for (int i = 0; i < rules.size(); i++) {
            String key = KEY + ".rules[" + i + "]";
            RuleProperties rule = rules.get(i);
            if (rule.channels().isEmpty()) {
                throw new ConfigurationException(key + ".channels", "is missing", "Name the channels the rule sends to.");
            }
            for (String channel : rule.channels()) {
                if (!channels.containsKey(channel)) {
                    throw new ConfigurationException(key + ".channels", "'" + channel + "' is not a configured channel",
                            "Use one of: " + String.join(", ", channels.keySet()) + ".");
                }
            }
            for (String event : rule.events()) {
                if (EventType.ofKey(event).isEmpty()) {
                    throw new ConfigurationException(key + ".events", "'" + event + "' is not an event type",
                            "Use some of: " + EventType.keys() + ".");
                }
            }
        }
    }

    private static void checkDashboardUrl(String url) {
        if (url != null) {
            checkedUrl(KEY + ".dashboard-url", url, true);
        }
    }
}
