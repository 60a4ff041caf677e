package io.sextant.appliers.sim;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Kubernetes writes them ({@code 16Gi}, {@code 500G}, {@code 1.5Ti}, or a number of bytes), the
 * way platform engineers already size disks and model weights.
 */
final class ByteQuantity {

    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]i?)?");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30),
            Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50),
            Map.entry("K", 1_000L), Map.entry("M", 1_000_000L), Map.entry("G", 1_000_000_000L),
            Map.entry("T", 1_000_000_000_000L), Map.entry("P", 1_000_000_000_000_000L));

    private ByteQuantity() {
    }

    /** @throws IllegalArgumentException naming {@code setting} and an example */
    static long parse(Object value, String setting) {
        String text = value instanceof Number || value instanceof String ? String.valueOf(value).trim() : "";
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must be a size such as 500Gi, 2Ti or 1.5T, got '" + value + "'");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(m.group(2) == null ? 1 : UNITS.get(m.group(2))));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(setting + " is too large: '" + value + "'");
        }
        return bytes.longValue();
    }

    /** The size in the largest binary unit that keeps it short: {@code 16Gi}, {@code 1.5Ti}, {@code 300Mi}. */
    static String format(long bytes) {
        String[] units = {"Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (50 - 10 * i);
            if (bytes >= unit) {
                BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(unit), 1, java.math.RoundingMode.DOWN)
                        .stripTrailingZeros();
                return value.toPlainString() + units[i];
            }
        }
        return bytes + "B";
    }
}
