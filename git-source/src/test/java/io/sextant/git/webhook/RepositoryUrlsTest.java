package io.sextant.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One key for every spelling of a repository's address, and distinct keys for distinct repositories. */
class RepositoryUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://github.com/acme/fleet.git               | github.com/acme/fleet",
        "https://github.com/acme/fleet                   | github.com/acme/fleet",
        "https://github.com/acme/fleet/                  | github.com/acme/fleet",
        "https://GitHub.com/Acme/Fleet.git               | github.com/acme/fleet",
        "http://bot:t0k3n@github.com:443/acme/fleet.git  | github.com/acme/fleet",
        "git@github.com:acme/fleet.git                   | github.com/acme/fleet",
        "ssh://git@github.com:22/acme/fleet.git          | github.com/acme/fleet",
        "git://github.com/acme/fleet.git                 | github.com/acme/fleet",
        "git@localhost:example/example.git               | localhost/example/example",
        "http://localhost:3000/example/example.git       | localhost/example/example",
        "http://[::1]:8080/git/fleet.git                 | [::1]/git/fleet",
        "file:///srv/git/fleet.git                       | /srv/git/fleet",
        "/srv/git/fleet.git                              | /srv/git/fleet",
        "/srv/git/fleet/                                 | /srv/git/fleet",
        "C:\\git\\fleet.git                              | /c:/git/fleet",
    })
    void normalisesEverySpellingOfAnAddress(String url, String key) {
        assertThat(RepositoryUrls.normalise(url)).isEqualTo(key);
    }

    @Test
    void keepsDifferentRepositoriesApart() {
        assertThat(RepositoryUrls.normalise("https://github.com/acme/fleet.git"))
                .isNotEqualTo(RepositoryUrls.normalise("https://github.com/acme/fleet-staging.git"))
                .isNotEqualTo(RepositoryUrls.normalise("https://gitlab.com/acme/fleet.git"))
                .isNotEqualTo(RepositoryUrls.normalise("https://github.com/other/fleet.git"));
    }

    @Test
    void hasNoKeyForNothing() {
        assertThat(RepositoryUrls.normalise(null)).isNull();
        assertThat(RepositoryUrls.normalise("  ")).isNull();
    }

    @Test
    void matchesAPayloadByAnyOfItsAddressesOrItsFullName() {
        RepositoryId id = new RepositoryId(List.of("https://github.com/Codertocat/Hello-World.git",
                "git@github.com:Codertocat/Hello-World.git"), "Codertocat/Hello-World");

        assertThat(id.hasUrl("ssh://git@github.com/codertocat/hello-world")).isTrue();
        assertThat(id.hasUrl("https://github.com/Codertocat/Hello-World-2.git")).isFalse();
        assertThat(id.hasFullName("codertocat/hello-world")).isTrue();
        assertThat(id.hasFullName("codertocat")).isFalse();
        assertThat(new RepositoryId(null, " ").describe()).isEqualTo("(no repository in the payload)");
    }
}
