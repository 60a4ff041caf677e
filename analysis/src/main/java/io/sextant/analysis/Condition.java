package io.sextant.analysis;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a measurement of the canary passes, written as a person would: {@code p95 ttft < 500ms} (absolute)
 * or {@code error rate <= stable + 0.5%} (relative to the stable version's measurement at the same time).
 * The words left of the operator only name what is measured; the metric decides what that is. Quantities
 * are in base units: {@code 500ms} is 0.5 (seconds), {@code 0.5%} is 0.005, {@code 2} is 2.
 *
 * @param text     the condition as written, kept for the record of each measurement
 * @param op       the comparison
 * @param relative whether the right side starts from the stable version's value
 * @param combine  how {@code amount} applies to the stable value ({@code +}, {@code -}, {@code *}); absent
 *                 ({@code =}) for absolute conditions and a bare {@code stable}
 * @param amount   the threshold (absolute) or the amount added to or multiplying the stable value
 */
public record Condition(String text, Op op, boolean relative, char combine, double amount) {

    private static final Pattern SHAPE = Pattern.compile("\\s*(.*?)\\s*(<=|>=|<|>)\\s*(.+?)\\s*");
    private static final Pattern RELATIVE = Pattern.compile("stable(?:\\s*([-+*])\\s*(.+))?");
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(ms|us|µs|s|m|%|x)?");

    /** A comparison of the canary's value with the right side. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double left, double right) {
            return switch (this) {
                case LT -> left < right;
                case LE -> left <= right;
                case GT -> left > right;
                case GE -> left >= right;
            };
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    public Condition {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(op, "op");
        if (Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("condition '" + text + "': the amount must be a finite number");
        }
    }

    /** Reads a condition; an error names the condition and what is wrong with it. */
    public static Condition parse(String text) {
        Matcher shape = SHAPE.matcher(Objects.requireNonNull(text, "condition"));
        if (!shape.matches() || shape.group(1).isEmpty()) {
            throw new IllegalArgumentException("condition '" + text + "': expected '<what> <op> <threshold>',"
                    + " e.g. 'p95 ttft < 500ms' or 'error rate <= stable + 0.5%', with op one of < <= > >=");
        }
        Op op = Op.of(shape.group(2));
        String right = shape.group(3);
        Matcher relative = RELATIVE.matcher(right);
        if (relative.matches()) {
            if (relative.group(1) == null) {
                return new Condition(text, op, true, '=', 0);
            }
            char combine = relative.group(1).charAt(0);
            return new Condition(text, op, true, combine, quantity(text, relative.group(2), combine == '*'));
        }
        return new Condition(text, op, false, '=', quantity(text, right, false));
    }

    private static double quantity(String text, String written, boolean factor) {
        Matcher q = QUANTITY.matcher(written.trim());
        if (!q.matches()) {
            throw new IllegalArgumentException("condition '" + text + "': '" + written + "' is not a quantity;"
                    + " write a number with an optional unit (ms, us, s, m, %), or 'stable', 'stable + 0.5%',"
                    + " 'stable * 1.2'");
        }
        double n = Double.parseDouble(q.group(1));
        String unit = q.group(2) == null ? "" : q.group(2).toLowerCase(Locale.ROOT);
        if (factor && !unit.isEmpty() && !unit.equals("x")) {
            throw new IllegalArgumentException("condition '" + text + "': a factor of stable takes no unit");
        }
        return switch (unit) {
            case "ms" -> n / 1_000;
            case "us", "µs" -> n / 1_000_000;
            case "m" -> n * 60;
            case "%" -> n / 100;
            default -> n;
        };
    }

    /** Judges the canary's reading (and the stable one's, for a relative condition). */
    public Judgement judge(Reading canary, Reading stable) {
        if (canary instanceof Reading.Failure f) {
            return new Judgement(Verdict.ERROR, f.message());
        }
        if (relative && stable instanceof Reading.Failure f) {
            return new Judgement(Verdict.ERROR, "stable: " + f.message());
        }
        if (canary instanceof Reading.NoData none) {
            return new Judgement(Verdict.INCONCLUSIVE, "no data for the canary: " + none.reason());
        }
        double value = ((Reading.Value) canary).value();
        double threshold;
        if (relative) {
            if (!(stable instanceof Reading.Value s)) {
                String why = stable instanceof Reading.NoData none ? none.reason() : "no stable version";
                return new Judgement(Verdict.INCONCLUSIVE, "no data for the stable version: " + why);
            }
            threshold = switch (combine) {
                case '+' -> s.value() + amount;
                case '-' -> s.value() - amount;
                case '*' -> s.value() * amount;
                default -> s.value();
            };
        } else {
            threshold = amount;
        }
        boolean holds = op.holds(value, threshold);
        return new Judgement(holds ? Verdict.SUCCESSFUL : Verdict.FAILED,
                String.format(Locale.ROOT, "%s %s %s %s", format(value), holds ? "is" : "is not", op.symbol,
                        format(threshold)));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** A verdict and a sentence saying why. */
    public record Judgement(Verdict verdict, String message) {
    }
}
