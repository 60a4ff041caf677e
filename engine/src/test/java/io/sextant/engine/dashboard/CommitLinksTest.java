package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SourceProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Where the dashboard links a source's commits and pull requests. */
class CommitLinksTest {

    /** Bound as the engine binds {@code sextant.sources[]}, so the test follows the properties' shape. */
    static SourceProperties source(String url, String... host) {
        Map<String, String> properties = new HashMap<>();
        properties.put("s.name", "fleet");
        properties.put("s.url", url);
        for (int i = 0; i + 1 < host.length; i += 2) {
            if (host[i + 1] != null && !host[i + 1].isEmpty()) {
                properties.put("s.host." + host[i], host[i + 1]);
            }
        }
        return new Binder(new MapConfigurationPropertySource(properties)).bind("s", SourceProperties.class).get();
    }

    static String commitPrefix(SourceProperties source) {
        return CommitLinks.of(source).map(CommitLinks::commitPrefix).orElse("none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://github.com/acme/ai-platform.git,            https://github.com/acme/ai-platform/commit/",
            "https://github.com/acme/ai-platform,                https://github.com/acme/ai-platform/commit/",
            "https://x-access-token:s3cret@github.com/acme/fleet.git, https://github.com/acme/fleet/commit/",
            "git@github.com:acme/ai-platform.git,                https://github.com/acme/ai-platform/commit/",
            "ssh://git@git.example.com:2222/acme/fleet.git,      https://git.example.com/acme/fleet/commit/",
            "https://gitlab.com/acme/ml/fleet.git,               https://gitlab.com/acme/ml/fleet/-/commit/",
            "https://gitea.example.com:8443/acme/fleet.git,      https://gitea.example.com:8443/acme/fleet/commit/",
            "/var/lib/sextant/sample-repo,                       none",
            "file:///srv/git/fleet.git,                          none",
            "http://127.0.0.1:8080/git/fleet,                    none",
            "https://git.example.com/fleet.git,                  none",
    })
    void derivesCommitLinksFromTheCloneUrl(String url, String expected) {
        assertThat(commitPrefix(source(url))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "github, '',                                https://github.com/acme/fleet/commit/, https://github.com/acme/fleet/pull/",
            "github, https://api.github.com,            https://github.com/acme/fleet/commit/, https://github.com/acme/fleet/pull/",
            "github, https://ghe.example.com/api/v3,    https://ghe.example.com/acme/fleet/commit/, https://ghe.example.com/acme/fleet/pull/",
            "gitlab, https://gitlab.example.com/api/v4, https://gitlab.example.com/acme/fleet/-/commit/, https://gitlab.example.com/acme/fleet/-/merge_requests/",
            "gitea,  https://gitea.example.com/api/v1,  https://gitea.example.com/acme/fleet/commit/, https://gitea.example.com/acme/fleet/pulls/",
    })
    void configuredHostWinsOverTheCloneUrl(String type, String apiUrl, String commit, String pullRequest) {
        SourceProperties source = source("http://127.0.0.1:9999/git/fleet",
                "type", type, "api-url", apiUrl, "repository", "acme/fleet");

        Optional<CommitLinks> links = CommitLinks.of(source);

        assertThat(links).hasValueSatisfying(l -> {
            assertThat(l.commitPrefix()).isEqualTo(commit);
            assertThat(l.pullRequestPrefix()).isEqualTo(pullRequest);
        });
    }

    @Test
    void giteaHostWithoutApiUrlUsesTheCloneUrlsOrigin() {
        SourceProperties source = source("https://code.example.org/acme/fleet.git",
                "type", "gitea", "repository", "acme/fleet");

        assertThat(CommitLinks.of(source).orElseThrow().pullRequestPrefix())
                .isEqualTo("https://code.example.org/acme/fleet/pulls/");
    }

    @Test
    void gitLabProjectGivenByNumericIdFallsBackToTheCloneUrl() {
        SourceProperties source = source("https://gitlab.example.com/acme/fleet.git",
                "type", "gitlab", "api-url", "https://gitlab.example.com/api/v4", "repository", "4711");

        assertThat(commitPrefix(source)).isEqualTo("https://gitlab.example.com/acme/fleet/-/commit/");
    }

    @Test
    void credentialsInTheUrlNeverReachALink() {
        SourceProperties source = source("https://oauth2:glpat-SECRET@gitlab.com/acme/fleet.git");

        CommitLinks links = CommitLinks.of(source).orElseThrow();

        assertThat(links.web() + links.commitPrefix() + links.pullRequestPrefix()).doesNotContain("SECRET", "oauth2");
    }
}
