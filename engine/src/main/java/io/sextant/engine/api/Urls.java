package io.sextant.engine.api;

import io.sextant.engine.security.Redaction;

/** Keeps credentials embedded in URLs ({@code https://user:token@host}) out of API output. */
final class Urls {

    private Urls() {
    }

    static String redact(String url) {
        return Redaction.url(url);
    }
}
