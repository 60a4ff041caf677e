package io.sextant.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Checks the engine's configuration as a whole before any bean is created (registered in
 * {@code META-INF/spring.factories}): a configuration file named on the command line that holds no
 * {@code sextant} settings, a {@code sextant.*} key no settings record reads (or, in a backend, that its
 * type does not declare: see {@link BackendKeys}), a value still holding an
 * unresolved {@code ${...}} placeholder, and an empty secret each stop start-up with one
 * {@link ConfigurationException}. Run after Spring Boot has loaded every configuration file, so the
 * keys checked are the ones the engine would bind.
 *
 * <p>Environment variables and JVM system properties are not checked for unknown keys: the environment
 * holds many variables that are not meant for the engine ({@code SEXTANT_ADMIN_TOKEN} read through a
 * placeholder, say), and relaxed binding cannot tell them from settings.
 */
public final class ConfigurationCheck implements EnvironmentPostProcessor, Ordered {

    /** The last part of a key that holds a secret or names where one is: these must not be empty. */
    private static final Pattern SECRET = Pattern.compile(".*(token|secret|password)(-env|-file)?");

    /** A notification channel's secrets: its URL (a Slack hook's is a credential), signing secret, SMTP password. */
    private static final Pattern NOTIFICATION_SECRET = Pattern.compile("(url|secret|password)-(env|file)");

    private static final List<String> SECRETS_FROM_ANYWHERE = List.of("sextant.api.admin-token",
            "sextant.api.read-token", "sextant.api.admin-token-env", "sextant.api.read-token-env");

    private static final List<String> NAMED_FILE_SETTINGS = List.of("spring.config.location",
            "spring.config.additional-location");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        namedFilesHoldSextantSettings(environment);
        Set<String> keys = new LinkedHashSet<>();
        BackendKeys backendKeys = new BackendKeys();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || fromEnvironment(source)) {
                continue;
            }
            iterable.stream().filter(KnownKeys::isSextantKey).forEach(name -> {
                KnownKeys.problem(name).ifPresent(problem -> {
                    throw new ConfigurationException(name + origin(source, name), problem,
                            "Correct or remove this key; README \"Use your own repository\" lists the settings.");
                });
                backendKeys.problem(name, environment::getProperty).ifPresent(problem -> {
                    throw new ConfigurationException(BackendKeys.setting(name) + origin(source, name), problem,
                            "Correct or remove this key; README \"Backends\" lists each type's settings.");
                });
                keys.add(name.toString());
            });
        }
        keys.addAll(SECRETS_FROM_ANYWHERE);
        keys.addAll(List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password"));
        keys.forEach(key -> checkValue(environment, key));
    }

    private static void checkValue(ConfigurableEnvironment environment, String key) {
        String value;
        try {
            value = environment.getProperty(key);
        } catch (IllegalArgumentException unresolved) {
            String raw = String.valueOf(rawValue(environment, key));
            throw new ConfigurationException(key, "holds " + raw + ", a placeholder nothing sets",
                    "Set the environment variable or property it names, or give the value directly"
                            + (SECRET.matcher(last(key)).matches() ? " (for a secret, prefer the -env or -file setting)" : "")
                            + ".");
        }
        if (value != null && value.isBlank() && key.startsWith("sextant.") && SECRET.matcher(last(key)).matches()) {
            throw new ConfigurationException(key, "is set but empty",
                    "Give it a value, or remove the key" + (key.startsWith("sextant.api.admin-token")
                            ? " to have the engine generate an admin token in its data directory" : "") + ".");
        }
        if (value != null && !value.isBlank() && key.startsWith("sextant.")) {
            tokenIsThere(key, value.strip());
        }
    }

    /**
     * A token named by {@code ...token-env} or {@code ...token-file} (or a notification channel's
     * {@code url-}, {@code secret-} or {@code password-env}/{@code -file}, or the single sign-on client's
     * {@code client-secret-env}/{@code -file}) must be there now: without it the engine
     * would fail later, deep in a bean, or run unauthenticated. (A webhook's {@code secret-env} is left to
     * the webhook receiver's start-up, which knows the source's name for its message.)
     */
    private static void tokenIsThere(String key, String value) {
        String last = last(key);
        boolean notificationSecret = key.startsWith("sextant.notifications.") && NOTIFICATION_SECRET.matcher(last).matches()
                || key.startsWith("sextant.auth.oidc.") && last.startsWith("client-secret-");
        if (last.endsWith("token-env") || notificationSecret && last.endsWith("-env")) {
            String token = System.getenv(value);
            if (token == null || token.isBlank()) {
                throw new ConfigurationException(key, "environment variable " + value + " is not set or empty",
                        "Export " + value + " before starting the engine.");
            }
        } else if (last.endsWith("token-file") || notificationSecret && last.endsWith("-file")) {
            Path file = Path.of(value);
            try {
                if (Files.readString(file).isBlank()) {
                    throw new ConfigurationException(key, file + " is empty", "Write the token into the file.");
                }
            } catch (java.io.IOException | RuntimeException e) {
                if (e instanceof ConfigurationException c) {
                    throw c;
                }
                throw new ConfigurationException(key, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                        "Check the path (relative to the working directory) and the file's permissions.");
            }
        }
    }

    /** The value as written, before placeholders, for the message; a secret's value is never known here. */
    private static Object rawValue(ConfigurableEnvironment environment, String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getValue();
            }
        }
        return "an unresolved placeholder";
    }

    /**
     * A configuration file the user named must exist and configure the engine: a file with none of its
     * settings under {@code sextant:} (an unrelated YAML file, or one indented wrongly) would otherwise
     * run the sample fleet as if nothing had been named.
     */
    private static void namedFilesHoldSextantSettings(ConfigurableEnvironment environment) {
        for (String setting : NAMED_FILE_SETTINGS) {
            String locations = environment.getProperty(setting);
            if (locations == null) {
                continue;
            }
            for (String location : locations.split(",")) {
                checkNamedFile(environment, setting, location.strip());
            }
        }
    }

    private static void checkNamedFile(ConfigurableEnvironment environment, String setting, String location) {
        if (location.isEmpty() || location.startsWith("optional:") || location.startsWith("classpath:")
                || location.endsWith("/") || !location.matches("(?i).*\\.(ya?ml|properties)")) {
            return;
        }
        Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(setting, "cannot read " + file.toAbsolutePath(),
                    "Check the path (it is relative to the working directory) and the file's permissions.");
        }
        boolean configures = false;
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().endsWith("via location '" + location + "'")) {
                ConfigurationPropertySource properties = ConfigurationPropertySource.from(source);
                configures |= properties instanceof IterableConfigurationPropertySource iterable
                        && iterable.stream().anyMatch(KnownKeys::isSextantKey);
            }
        }
        if (!configures) {
            throw new ConfigurationException(setting, file + " has no settings under 'sextant:'",
                    "Put the engine's settings under a top-level 'sextant:' key (README \"Use your own repository\").");
        }
    }

    private static boolean fromEnvironment(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return underlying instanceof SystemEnvironmentPropertySource
                || underlying instanceof PropertySource<?> p
                && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(p.getName());
    }

    private static String origin(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        return property == null || property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
    }

    private static String last(String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        return name.getLastElement(ConfigurationPropertyName.Form.DASHED);
    }

    /** After Spring Boot's own post-processors have loaded the configuration files. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
