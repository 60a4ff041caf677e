package io.sextant.spec.policy;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code runtime-args}: which serving-runtime arguments a namespace may pass. Names are compared as the
 * runtimes read them: vLLM's parser takes {@code --trust_remote_code} for {@code --trust-remote-code}, so both
 * sides are normalised (lower case, leading dashes dropped, {@code _} as {@code -}) and one spelling cannot
 * slip past a rule written in the other.
 *
 * @param allowed the only arguments allowed, normalised; empty: any not denied
 * @param denied  arguments never allowed, normalised
 */
public record ArgRules(Set<String> allowed, Set<String> denied) {

    /** @throws IllegalArgumentException when an argument is both allowed and denied */
    public ArgRules {
        allowed = normalised(allowed);
        denied = normalised(denied);
        Set<String> both = allowed.stream().filter(denied::contains).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("arguments both allowed and denied: " + String.join(", ", both));
        }
    }

    /** An argument name as runtimes read it. */
    static String normalise(String name) {
        String value = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int start = 0;
        while (start < value.length() && value.charAt(start) == '-') {
            start++;
        }
        return value.substring(start);
    }

    private static Set<String> normalised(Set<String> names) {
        return names == null ? Set.of() : names.stream().map(ArgRules::normalise).collect(Collectors.toUnmodifiableSet());
    }
}
