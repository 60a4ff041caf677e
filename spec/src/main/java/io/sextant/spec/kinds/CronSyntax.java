package io.sextant.spec.kinds;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a five-field cron schedule as a Kubernetes CronJob takes it (minute, hour, day of month, month,
 * day of week; {@code *}, lists, ranges, steps, month and day names, and the {@code @hourly}-style macros),
 * so a typo is an error at the schedule's line instead of a window that never opens. The engine computes
 * firings with its own cron library; this only says whether the text is one.
 */
final class CronSyntax {

    private static final Set<String> MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronSyntax() {
    }

    /** What is wrong with {@code schedule}, or empty when it is a valid schedule. */
    static Optional<String> problem(String schedule) {
        String text = schedule.trim();
        if (text.startsWith("@")) {
            return MACROS.contains(text.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("unknown macro '" + text + "' (known: " + String.join(", ", MACROS.stream().sorted().toList()) + ")");
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            return Optional.of("must have 5 fields (minute hour day-of-month month day-of-week), found " + fields.length);
        }
        for (int i = 0; i < 5; i++) {
            for (String item : fields[i].split(",", -1)) {
                if (!item(item, i)) {
                    return Optional.of("'" + item + "' is not a valid " + FIELDS.get(i) + " ("
                            + RANGES[i][0] + "-" + RANGES[i][1] + ")");
                }
            }
        }
        if (!fields[2].equals("*") && !fields[4].equals("*")) {
            // Cron ORs the two day fields when both are restricted, which surprises more often than it helps.
            return Optional.of("restrict day of month or day of week, not both");
        }
        return Optional.empty();
    }

    private static boolean item(String item, int field) {
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            String step = item.substring(slash + 1);
            if (!step.matches("[1-9][0-9]{0,2}")) {
                return false;
            }
            range = item.substring(0, slash);
        }
        if (range.equals("*")) {
            return true;
        }
        String[] ends = range.split("-", -1);
        if (ends.length > 2) {
            return false;
        }
        int low = value(ends[0], field);
        int high = ends.length == 2 ? value(ends[1], field) : low;
        return low >= 0 && high >= low;
    }

    private static int value(String text, int field) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (field == 3 && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (field == 4 && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        if (!text.matches("[0-9]{1,2}")) {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value < RANGES[field][0] || value > RANGES[field][1] ? -1 : value;
    }
}
