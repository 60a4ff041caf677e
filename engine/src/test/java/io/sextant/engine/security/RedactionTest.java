package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URLs as they may appear in logs. */
class RedactionTest {

    @ParameterizedTest
    @CsvSource({
            "https://user:pa55word@git.example.com/acme/fleet.git, https://***@git.example.com/acme/fleet.git",
            "https://ghp_0123456789abcdef@github.com/acme/fleet.git, https://***@github.com/acme/fleet.git",
            "http://ghp_T0K3N:x-oauth-basic@git.example.com/fleet.git, http://***@git.example.com/fleet.git",
            "https://bot:p@ss@git.example.com/fleet.git, https://***@git.example.com/fleet.git",
            "http://127.0.0.1:8080/git/fleet.git, http://127.0.0.1:8080/git/fleet.git",
            "https://github.com/acme/fleet.git?ref=a@b, https://github.com/acme/fleet.git?ref=a@b",
            "git@github.com:acme/fleet.git, git@github.com:acme/fleet.git",
            "/srv/git/fleet, /srv/git/fleet"})
    void credentialsWrittenIntoAUrlAreMasked(String url, String shown) {
        assertThat(Redaction.url(url)).isEqualTo(shown);
        assertThat(Redaction.text("fetch of " + url + " failed")).isEqualTo("fetch of " + shown + " failed");
    }
}
