package io.sextant.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSourceSpec;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a failure message may show: never a password, and JGit's repetitions trimmed. */
class FailuresTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://git.example.com/a.git              | https://git.example.com/a.git",
        "https://bot:t0k3n@git.example.com/a.git    | https://***@git.example.com/a.git",
        "https://t0k3n@git.example.com/a.git        | https://***@git.example.com/a.git",
        "http://t0k3n@127.0.0.1:8080/a.git          | http://***@127.0.0.1:8080/a.git",
        "http://ghp_T0K3N:x-oauth-basic@h/a.git     | http://***@h/a.git",
        "https://u:p@ss@git.example.com/a.git       | https://***@git.example.com/a.git",
        "ls-remote http://ghp_T0K3N:x@h/a.git fails | ls-remote http://***@h/a.git fails",
        "ssh://git@git.example.com:2222/a.git       | ssh://***@git.example.com:2222/a.git",
        "git@git.example.com:acme/a.git             | git@git.example.com:acme/a.git",
        "/srv/git/a.git                             | /srv/git/a.git",
    })
    void masksTheWholeUserInfoOfEveryUrlBecauseAUserNameMayBeAToken(String url, String shown) {
        assertThat(Failures.displayUrl(url)).isEqualTo(shown);
    }

    @Test
    void masksTheConfiguredPasswordAnywhereInTheChain() {
        Failures failures = new Failures(List.of("hunter22"), "https://h/a.git");
        IOException cause = new IOException("server said hunter22 is wrong");
        GitException e = failures.wrap("fetch failed", new TransportException("https://h/a.git: denied", cause));

        assertThat(e).hasMessage("fetch failed: denied (server said *** is wrong)");
        assertThat(e.getCause()).isInstanceOf(GitException.class).hasMessageNotContaining("hunter22");
        assertThat(e.getCause().getCause()).isInstanceOf(GitException.class)
                .hasMessage("IOException: server said *** is wrong");
        assertThat(e.getCause().getStackTrace()).as("kept for debugging").isNotEmpty();
    }

    @Test
    void masksATokenWrittenIntoTheUrlAnywhereInTheChain() {
        GitSourceSpec spec = new GitSourceSpec("a", "http://ghp_T0K3N:x-oauth-basic@h/a.git", "main", List.of(),
                null, Path.of("cache"));
        Failures failures = new Failures(Failures.secretsOf(spec), Failures.displayUrl(spec.url()));
        GitException e = failures.wrap("ls-remote " + Failures.displayUrl(spec.url()) + " failed",
                new TransportException("http://ghp_T0K3N@h/a.git: denied", new IOException("user ghp_T0K3N is not allowed")));

        assertThat(e).hasMessage("ls-remote http://***@h/a.git failed: denied (user *** is not allowed)");
        assertThat(e.getCause().getCause()).hasMessageNotContaining("ghp_T0K3N");
    }

    @Test
    void leavesMessagesAloneForPasswordsTooShortToMatter() {
        Failures failures = new Failures(List.of("p"), "https://h/a.git");
        assertThat(failures.redact("permission denied")).isEqualTo("permission denied");
    }
}
