package io.sextant.git.jgit;

import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSourceSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns JGit failures into {@link GitException}s whose messages and causes hold no credentials and no
 * JGit types, so callers may log or show them as they are.
 */
final class Failures {

    /**
     * The whole user information of a URL, in any scheme: a user name alone is often a token
     * ({@code https://<token>@github.com/...}, {@code http://<token>:x-oauth-basic@host/...}), so
     * keeping it and masking only the password still leaks. Greedy up to the last {@code @} before
     * the path, because a password may hold an unencoded {@code @}.
     */
    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s]*@");

    /**
     * Shorter secrets are not masked in free text: "p" would mangle every message and such a
     * password protects nothing. Passwords written into URLs are masked whatever their length.
     */
    private static final int MIN_MASKED_LENGTH = 4;

    private final List<String> secrets;
    private final String url;

    /** @param url the remote as shown in messages; JGit repeats it in front of its own reasons */
    Failures(List<String> secrets, String url) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_MASKED_LENGTH).toList();
        this.url = url;
    }

    /**
     * What to mask in free text besides URLs: the configured password, and each part of user
     * information written into the URL, as written and decoded (JGit may quote either).
     */
    static List<String> secretsOf(GitSourceSpec spec) {
        List<String> secrets = new ArrayList<>();
        if (spec.credentials() instanceof GitCredentials.UsernamePassword up) {
            secrets.add(up.password());
        }
        int scheme = spec.url().indexOf("://");
        if (scheme >= 0) {
            String rest = spec.url().substring(scheme + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            int at = authority.lastIndexOf('@');
            if (at > 0) {
                for (String part : authority.substring(0, at).split(":", 2)) {
                    secrets.add(part);
                    secrets.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
                }
            }
        }
        return secrets;
    }

    /** A URL (or text holding URLs) fit for messages: the user information of every URL is {@code ***}. */
    static String displayUrl(String url) {
        return USER_INFO.matcher(url).replaceAll("$1***@");
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = displayUrl(text);
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /** {@code what: reason}, where reason is the failure's own message plus its root cause's. */
    GitException wrap(String what, Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable root = chain.get(chain.size() - 1);
        String reason = describe(failure);
        // JGit's transport errors read "<remote>: <reason>"; the deepest one is the most precise.
        String prefix = redact(url) + ": ";
        for (Throwable t : chain) {
            String message = redact(describe(t));
            if (message.startsWith(prefix)) {
                reason = message.substring(prefix.length());
            }
        }
        String rootReason = redact(describe(root));
        if (rootReason.startsWith(prefix)) {
            rootReason = rootReason.substring(prefix.length());
        }
        if (!reason.contains(rootReason)) {
            reason = reason + " (" + rootReason + ")";
        }
        return new GitException(redact(what + ": " + reason), scrubbedCopy(failure));
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /**
     * Rebuilds the cause chain as plain GitExceptions with redacted messages but the original stack
     * traces: JGit messages may quote a remote as it was given, password and all.
     */
    private GitException scrubbedCopy(Throwable t) {
        GitException cause = t.getCause() == null || t.getCause() == t ? null : scrubbedCopy(t.getCause());
        GitException copy = new GitException(redact(t.getClass().getSimpleName() + ": " + describe(t)), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** True when a failure came from a damaged local repository rather than from the remote. */
    static boolean isLocalCorruption(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof org.eclipse.jgit.errors.MissingObjectException
                    || t instanceof org.eclipse.jgit.errors.CorruptObjectException
                    || t instanceof org.eclipse.jgit.errors.PackInvalidException
                    || t instanceof org.eclipse.jgit.errors.CorruptPackIndexException
                    || t instanceof org.eclipse.jgit.errors.ConfigInvalidException) {
                return true;
            }
        }
        return false;
    }
}
