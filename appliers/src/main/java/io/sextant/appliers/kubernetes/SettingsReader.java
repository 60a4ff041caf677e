package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.DurationFormat;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads typed values out of a backend's free-form settings map, with errors that name the backend and
 * the setting. Spring binds YAML scalars as their own types but environment variables as strings, so
 * each reader accepts both.
 */
final class SettingsReader {

    private static final DurationFormat DURATION = new DurationFormat("30s or PT30S", Set.of("ms", "s", "m", "h"));

    private final BackendConfig config;

    SettingsReader(BackendConfig config) {
        this.config = config;
    }

    IllegalArgumentException error(String setting, String problem) {
        return new IllegalArgumentException(where(setting) + " " + problem);
    }

    private String where(String setting) {
        return "backend '" + config.name() + "' (type kubernetes): setting '" + setting + "'";
    }

    /** A non-blank string, trimmed, or null when absent. */
    String text(String setting) {
        Object value = config.settings().get(setting);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?>) {
            throw error(setting, "must be a single value, got a map");
        }
        String text = String.valueOf(value).trim();
        if (text.isEmpty()) {
            throw error(setting, "must not be empty");
        }
        return text;
    }

    Path path(String setting) {
        String text = text(setting);
        return text == null ? null : Path.of(text);
    }

    int integer(String setting, int fallback) {
        Object value = config.settings().get(setting);
        if (value == null) {
            return fallback;
        }
        String text = String.valueOf(value).trim();
        if (!text.matches("-?\\d{1,10}") || new BigInteger(text).bitLength() > 31) {
            throw error(setting, "must be a whole number, got '" + value + "'");
        }
        return Integer.parseInt(text);
    }

    boolean bool(String setting) {
        return bool(setting, false);
    }

    boolean bool(String setting, boolean fallback) {
        Object value = config.settings().get(setting);
        if (value == null) {
            return fallback;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw error(setting, "must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** A map of strings to strings, or an empty map when absent. */
    Map<String, String> strings(String setting) {
        Object value = config.settings().get(setting);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error(setting, "must be a map, such as {H100-80GB: NVIDIA-H100-80GB-HBM3}, got '" + value + "'");
        }
        Map<String, String> strings = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v == null || v instanceof Map<?, ?> || String.valueOf(v).isBlank()) {
                throw error(setting + "." + k, "must be a non-empty text value");
            }
            strings.put(String.valueOf(k).trim(), String.valueOf(v).trim());
        });
        return strings;
    }

    /** ISO-8601 ({@code PT30S}), {@code 30s}-style, or a bare number of milliseconds as Spring Boot reads one. */
    Duration duration(String setting, Duration fallback) {
        Object value = config.settings().get(setting);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Duration duration) {
            return duration;
        }
        return DURATION.parse(String.valueOf(value).trim(), where(setting));
    }
}
