package io.sextant.appliers.http;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.DurationFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Connection settings shared by the HTTP backends ({@code ray-serve}, {@code triton}, {@code vllm}),
 * validated when the backend is created so a typo fails at start-up rather than on the first sync.
 *
 * @param url            base URL of the backend's API, without a trailing slash
 * @param timeout        connect timeout and per-request timeout ({@code timeout}, default 10s)
 * @param maxConcurrency requests in flight to this backend at once ({@code max-concurrency}, default 4)
 * @param tokenEnv       environment variable holding a bearer token ({@code token-env}), or null
 * @param tokenFile      file holding a bearer token ({@code token-file}), or null; read on every
 *                       request because mounted tokens rotate
 */
public record HttpSettings(URI url, Duration timeout, int maxConcurrency, String tokenEnv, Path tokenFile) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONCURRENCY = 4;

    /** The settings read here, for {@link io.sextant.appliers.api.ApplierFactory#settingKeys()}. */
    public static final Set<String> KEYS = Set.of("url", "timeout", "max-concurrency", "token-env", "token-file");

    private static final DurationFormat DURATION = new DurationFormat("10s or PT10S", Set.of("ms", "s", "m", "h"));

    /**
     * Reads the settings of one backend.
     *
     * @param env looks up environment variables (the process environment in production)
     * @throws IllegalArgumentException naming the backend and the setting that is wrong, never a token
     */
    public static HttpSettings from(BackendConfig config, Function<String, String> env) {
        Map<String, Object> settings = config.settings();
        String where = "backend '" + config.name() + "' (type " + config.type() + "): setting ";
        URI url = url(settings.get("url"), where + "'url'");
        Duration timeout = duration(settings.get("timeout"), where + "'timeout'", DEFAULT_TIMEOUT);
        int maxConcurrency = positive(settings.get("max-concurrency"), where + "'max-concurrency'");
        String tokenEnv = text(settings.get("token-env"));
        String tokenFile = text(settings.get("token-file"));
        if (tokenEnv != null && tokenFile != null) {
            throw new IllegalArgumentException(where + "'token-env' and 'token-file' are exclusive; set one");
        }
        if (tokenEnv != null && (env.apply(tokenEnv) == null || env.apply(tokenEnv).isBlank())) {
            throw new IllegalArgumentException(where + "'token-env' names environment variable " + tokenEnv
                    + ", which is not set");
        }
        return new HttpSettings(url, timeout, maxConcurrency, tokenEnv, tokenFile == null ? null : Path.of(tokenFile));
    }

    /** Reads the settings with the process environment. */
    public static HttpSettings from(BackendConfig config) {
        return from(config, System::getenv);
    }

    private static URI url(Object value, String setting) {
        String text = text(value);
        if (text == null) {
            throw new IllegalArgumentException(setting + " is required, such as http://host:8000");
        }
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the setting's name
        }
        throw new IllegalArgumentException(setting + " must be an http:// or https:// URL, got '" + text + "'");
    }

    /**
     * A positive duration setting: {@code 10s}-style, ISO-8601, or a bare number of milliseconds.
     *
     * @throws IllegalArgumentException naming {@code setting} when the value is not one
     */
    public static Duration duration(Object value, String setting, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Duration duration = DURATION.read(value, setting);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, got '" + value + "'");
        }
        return duration;
    }

    private static int positive(Object value, String setting) {
        if (value == null) {
            return DEFAULT_MAX_CONCURRENCY;
        }
        String text = String.valueOf(value).trim();
        if (text.matches("\\d{1,6}") && Integer.parseInt(text) > 0) {
            return Integer.parseInt(text);
        }
        throw new IllegalArgumentException(setting + " must be a whole number >= 1, got '" + value + "'");
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? null : text;
    }
}
