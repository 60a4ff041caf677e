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

    private final List<String> secrets;

    Failures(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** A URL fit for messages: a password written into it is masked. */
    static String displayUrl(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1:***@");
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /** {@code what: reason}, where reason is the failure's own message plus its root cause's. */
    GitException wrap(String what, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = describe(failure);
        String rootReason = describe(root);
        if (root != failure && !reason.contains(rootReason)) {
            reason = reason + " (" + rootReason + ")";
        }
        return new GitException(redact(what + ": " + reason), scrubbedCopy(failure));
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
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = failure; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
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
