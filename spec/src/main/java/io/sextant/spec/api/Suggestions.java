package io.sextant.spec.api;

import java.util.Locale;

/**
 * "Did you mean" matching for misspelt names ({@code replica}, {@code served-name}, {@code Replicas}): spec
 * fields here, engine settings in the engine's configuration check.
 */
public final class Suggestions {

    private static final int MAX_EDITS = 2;

    private Suggestions() {}

    public static boolean close(String typed, String known) {
        String a = normalise(typed);
        String b = normalise(known);
        if (a.equals(b)) {
            return true;
        }
        // Short names are too easily "close" to each other to suggest anything useful.
        return Math.min(a.length(), b.length()) > 3 && distance(a, b) <= MAX_EDITS;
    }

    private static String normalise(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, two rows at a time. */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_EDITS) {
            return MAX_EDITS + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
