package io.sextant.spec.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises literal credentials (tokens, access keys, private keys) in text, and masks them.
 *
 * <p>Credentials never live in Git: a spec names them with a {@code secretRef}. The loader refuses a file that
 * holds one at its line and field, and every message that could echo the value (the loader's own errors, the
 * engine's logs and comments) passes through {@link #redact} so the value itself is never repeated. A match
 * shows only the rule's public prefix ({@code hf_…(redacted)}), which is enough to find the line.
 */
public final class Credentials {

    /** What a masked credential is replaced with, after its rule's public prefix. */
    public static final String REDACTED = "…(redacted)";

    /** One kind of credential: what it is called, its public prefix, and its shape. */
    public record Rule(String name, String prefix, Pattern pattern) {}

    /** A credential found: the rule it matched and the value masked. */
    public record Finding(Rule rule, String masked) {
        /** The sentence an error carries; it never holds the value. */
        public String message() {
            return "looks like a literal " + rule.name() + " (" + masked + "): credentials must not be in Git;"
                    + " name it with a secretRef {name, key} instead";
        }
    }

    private static final List<Rule> RULES = List.of(
            rule("Hugging Face token", "hf_", "hf_[A-Za-z0-9]{30,}"),
            rule("AWS access key id", "AKIA", "(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"),
            rule("AWS temporary access key id", "ASIA", "(?<![A-Z0-9])ASIA[0-9A-Z]{16}(?![A-Z0-9])"),
            rule("GitHub fine-grained token", "github_pat_", "github_pat_[A-Za-z0-9_]{22,}"),
            rule("GitHub token", "gh", "\\bgh[pousr]_[A-Za-z0-9]{30,}"),
            rule("GitLab token", "glpat-", "glpat-[A-Za-z0-9_\\-]{20,}"),
            rule("Slack token", "xox", "\\bxox[bpas]-[A-Za-z0-9\\-]{10,}"),
            // The whole block to its END line (or the end of the text), unless already masked: the header names only the
            // key type.
            rule("private key", "-----BEGIN", "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----(?!…\\(redacted)[\\s\\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)"));

    /** Keys whose values are secrets by name; a random-looking value under one is a credential too. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(token|secret|password|passwd|api[-_]?key|access[-_]?key).*");
    private static final Rule HIGH_ENTROPY = new Rule("secret (a random-looking value under a key named like one)", "",
            Pattern.compile("[A-Za-z0-9+/=_\\-.]{20,}"));
    private static final double MIN_ENTROPY_BITS = 3.5;

    private Credentials() {
    }

    private static Rule rule(String name, String prefix, String regex) {
        return new Rule(name, prefix, Pattern.compile(regex));
    }

    /** The first credential in {@code text}, if any. */
    public static Optional<Finding> find(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text);
            if (matcher.find()) {
                return Optional.of(new Finding(rule, mask(rule, matcher.group())));
            }
        }
        return Optional.empty();
    }

    /**
     * The credential in a string value under a mapping key: {@link #find}, or else a long random-looking value
     * (no spaces, high entropy) under a key named like {@code *token*}, {@code *secret*}, {@code *password*} or
     * {@code *key*}.
     */
    public static Optional<Finding> find(String key, String value) {
        Optional<Finding> found = find(value);
        if (found.isPresent() || key == null || value == null) {
            return found;
        }
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()
                && HIGH_ENTROPY.pattern().matcher(value).matches() && entropy(value) >= MIN_ENTROPY_BITS) {
            return Optional.of(new Finding(HIGH_ENTROPY, REDACTED));
        }
        return Optional.empty();
    }

    /** {@code text} with every credential masked; null stays null. Safe to call on any message before it leaves. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (!matcher.find()) {
                continue;
            }
            StringBuilder masked = new StringBuilder();
            do {
                matcher.appendReplacement(masked, Matcher.quoteReplacement(mask(rule, matcher.group())));
            } while (matcher.find());
            matcher.appendTail(masked);
            result = masked.toString();
        }
        return result;
    }

    private static String mask(Rule rule, String value) {
        if (rule.prefix().equals("-----BEGIN")) {
            return value.substring(0, value.indexOf("KEY-----") + "KEY-----".length()) + REDACTED;
        }
        return value.substring(0, Math.min(value.length(), rule.prefix().length() + (rule.prefix().equals("gh") ? 2 : 0)))
                + REDACTED;
    }

    /** Shannon entropy in bits per character. */
    private static double entropy(String value) {
        int[] counts = new int[128];
        int other = 0;
        for (char c : value.toCharArray()) {
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double bits = 0;
        for (int count : counts) {
            bits += term(count, value.length());
        }
        return bits + term(other, value.length());
    }

    private static double term(int count, int length) {
        if (count == 0) {
            return 0;
        }
        double p = (double) count / length;
        return -p * Math.log(p) / Math.log(2);
    }
}
