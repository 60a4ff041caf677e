package io.sextant.engine.security;

import java.util.regex.Pattern;

/** Keeps credentials written into URLs ({@code https://user:token@host}, {@code https://token@host}) out of logs. */
public final class Redaction {

    /**
     * All of the user information, not just a password: {@code http://<token>:x-oauth-basic@host} carries
     * the token as the user name. Greedy up to the last {@code @} before the path, as a password may hold
     * an unencoded one.
     */
    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s]*@");

    private Redaction() {
    }

    /** The URL with any user information replaced by {@code ***}: a user name alone may be a token. */
    public static String url(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    /** Free text (an error message, say) with the user information of every URL in it masked. */
    public static String text(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
