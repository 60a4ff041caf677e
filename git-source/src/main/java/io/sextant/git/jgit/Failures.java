package io.sextant.git.jgit;

import io.sextant.git.api.GitException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns JGit failures into {@link GitException}s whose messages and causes hold no credentials and no
 * JGit types, so callers may log or show them as they are.
 */
final class Failures {

    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*):[^/@\\s]*@");

    /** A user name alone in an HTTP(S) URL is often a token ({@code https://<token>@github.com/...}). */
    private static final Pattern HTTP_USER = Pattern.compile("(https?://)[^/@:\\s]+@");

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

    /** A URL fit for messages: a password written into it, or an HTTP(S) user name alone, is masked. */
    static String displayUrl(String url) {
        return HTTP_USER.matcher(URL_PASSWORD.matcher(url).replaceAll("$1:***@")).replaceAll("$1***@");
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
