package io.sextant.engine.api;

/** Keeps credentials embedded in URLs ({@code https://user:token@host}) out of API output. */
final class Urls {

    private Urls() {
    }

    static String redact(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]+@", "$1***@");
    }
}
