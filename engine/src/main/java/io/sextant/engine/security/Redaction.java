package io.sextant.engine.security;

import java.util.regex.Pattern;

/** Keeps credentials written into URLs ({@code https://user:token@host}, {@code https://token@host}) out of logs. */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]+@");

    private Redaction() {
    }

    /** The URL with any user information replaced by {@code ***}: a user name alone may be a token. */
    public static String url(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1***@");
    }
}
