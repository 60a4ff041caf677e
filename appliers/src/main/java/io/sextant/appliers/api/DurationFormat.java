package io.sextant.appliers.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a backend setting writes a duration, read the way Spring Boot binds one: {@code 10s}-style in
 * the units the setting allows, ISO-8601 ({@code PT10S}), or a bare number of milliseconds. Settings
 * arrive as free-form values ({@link BackendConfig#settings()}), so the same text may come from YAML or
 * from an environment variable; every backend reads it alike and reports a bad one alike.
 *
 * @param example what the error suggests instead, such as {@code 10s or PT10S}
 * @param units   the {@code 10s}-style units this setting allows, among {@code ns us ms s m h d}
 */
public record DurationFormat(String example, Set<String> units) {

    /** Every unit Spring Boot's simple style knows. */
    public static final Set<String> ALL_UNITS = Set.of("ns", "us", "ms", "s", "m", "h", "d");

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*([a-z]+)?");

    public DurationFormat {
        units = Set.copyOf(units);
        if (!ALL_UNITS.containsAll(units)) {
            throw new IllegalArgumentException("units must be among " + ALL_UNITS + ", got " + units);
        }
    }

    /**
     * A setting's value as bound: a {@link Duration} as it is, an {@code Integer} or {@code Long} as
     * milliseconds, anything else as text ({@link #parse}). The caller handles a missing value and the
     * sign, which differ by setting.
     */
    public Duration read(Object value, String setting) {
        if (value instanceof Duration duration) {
            return duration;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Duration.ofMillis(((Number) value).longValue());
        }
        return parse(String.valueOf(value).trim(), setting);
    }

    /**
     * Parses duration text; a unit this setting does not allow is read as ISO-8601, which fails.
     *
     * @param setting what the error names first, such as {@code backend 'x' (type triton): setting 'timeout'}
     * @throws IllegalArgumentException "{@code <setting> must be a duration such as <example>, got '<text>'}"
     */
    public Duration parse(String text, String setting) {
        Matcher simple = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
        try {
            String unit = simple.matches() ? (simple.group(2) == null ? "ms" : simple.group(2)) : null;
            if (unit != null && units.contains(unit)) {
                return simple(Long.parseLong(simple.group(1)), unit);
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be a duration such as " + example + ", got '" + text + "'", e);
        }
    }

    private static Duration simple(long amount, String unit) {
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
