package io.sextant.examples.modelcache;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as Kubernetes quantities ({@code 16Gi}, {@code 500G}, {@code 1.5Ti}), as KServe's {@code modelSize}. */
final class Sizes {

    static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTP]i?)?");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30),
            Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50),
            Map.entry("K", 1_000L), Map.entry("M", 1_000_000L), Map.entry("G", 1_000_000_000L),
            Map.entry("T", 1_000_000_000_000L), Map.entry("P", 1_000_000_000_000_000L));

    private Sizes() {
    }

    /** Bytes, or empty when {@code text} is no quantity or does not fit a long. */
    static OptionalLong bytes(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(m.group(2) == null ? 1 : UNITS.get(m.group(2))));
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? OptionalLong.empty()
                : OptionalLong.of(bytes.setScale(0, RoundingMode.UP).longValueExact());
    }

    /** Short binary form for messages: {@code 16Gi}, {@code 1.5Ti}. */
    static String format(long bytes) {
        String[] units = {"Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (50 - 10 * i);
            if (bytes >= unit) {
                return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(unit), 1, RoundingMode.DOWN)
                        .stripTrailingZeros().toPlainString() + units[i];
            }
        }
        return bytes + "B";
    }
}
