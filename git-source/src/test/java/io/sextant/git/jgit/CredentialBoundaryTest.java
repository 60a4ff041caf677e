package io.sextant.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git credentials stay on the host a source names: a server that redirects elsewhere, or to plain
 * http, gets a clear error back and the other end never sees them.
 */
class CredentialBoundaryTest {

    static final String TOKEN = "ghp_RedirectedToken123";

    @TempDir
    Path tmp;
    HttpServer elsewhere;
    HttpServer redirecting;
    /** Every request that reached the other host, with its Authorization header. */
    final List<String> reachedElsewhere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            reachedElsewhere.add(exchange.getRequestURI() + " Authorization=" + exchange.getRequestHeaders()
                    .getFirst("Authorization"));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"elsewhere\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        elsewhere.start();
        redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort()
                    + exchange.getRequestURI());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirecting.start();
    }

    @AfterEach
    void stopServers() {
        redirecting.stop(0);
        elsewhere.stop(0);
    }

    /** The source names the redirecting server as {@code localhost}: another host name than where it points. */
    private GitSource source(String url, GitCredentials credentials) {
        return GitSources.open(new GitSourceSpec("platform", url, "main", List.of(), credentials, tmp.resolve("cache")));
    }

    private String redirectingUrl(String userInfo) {
        return "http://" + userInfo + "localhost:" + redirecting.getAddress().getPort() + "/platform.git";
    }

    @Test
    void aRedirectToAnotherHostFailsNamingBothAndSendsNoCredentials() {
        List<GitException> failures;
        try (GitSource source = source(redirectingUrl(""), new GitCredentials.UsernamePassword("ci-bot", TOKEN))) {
            failures = List.of(catchThrowableOfType(GitException.class, source::lsRemote),
                    catchThrowableOfType(GitException.class, source::fetch));
        }

        assertThat(reachedElsewhere).as("the other host never saw a request, let alone the token").isEmpty();
        for (GitException e : failures) {
            assertThat(e.getMessage())
                    .contains("redirected from localhost:" + redirecting.getAddress().getPort())
                    .contains("to 127.0.0.1:" + elsewhere.getAddress().getPort())
                    .contains("credentials").doesNotContain(TOKEN);
        }
    }

    @Test
    void aTokenWrittenIntoTheUrlIsNotSentToAnotherHostEither() {
        try (GitSource source = source(redirectingUrl(TOKEN + ":x-oauth-basic@"), null)) {
            GitException e = catchThrowableOfType(GitException.class, source::lsRemote);

            assertThat(e.getMessage()).contains("redirected from").contains("http://***@localhost")
                    .doesNotContain(TOKEN);
        }
        assertThat(reachedElsewhere).isEmpty();
    }

    @Test
    void withoutCredentialsARedirectIsFollowed() {
        try (GitSource source = source(redirectingUrl(""), null)) {
            catchThrowableOfType(GitException.class, source::lsRemote);
        }
        assertThat(reachedElsewhere).as("nothing to leak, so JGit goes on as before").isNotEmpty()
                .allSatisfy(request -> assertThat(request).endsWith("Authorization=null"));
    }

    @Test
    void credentialsAreNotSentOverPlainHttpToAnotherMachineUnlessAllowed() {
        String url = "http://git.example.invalid/platform.git";
        GitCredentials credentials = new GitCredentials.UsernamePassword("ci-bot", TOKEN);
        GitSourceSpec refused = new GitSourceSpec("platform", url, "main", List.of(), credentials, tmp.resolve("a"));
        GitSourceSpec allowed = new GitSourceSpec("platform", url, "main", List.of(), credentials, tmp.resolve("b"),
                GitSourceSpec.DEFAULT_MAX_FILE_BYTES, true);

        assertThat(refused.sendsCredentialsInPlainText()).isTrue();
        assertThat(allowed.sendsCredentialsInPlainText()).isFalse();
        assertThat(new GitSourceSpec("platform", "http://127.0.0.1:8080/platform.git", "main", List.of(), credentials,
                tmp.resolve("c")).sendsCredentialsInPlainText()).as("loopback never leaves the machine").isFalse();
        assertThat(new GitSourceSpec("platform", "http://127.evil.example/platform.git", "main", List.of(), credentials,
                tmp.resolve("d")).sendsCredentialsInPlainText()).as("a name is not a loopback address").isTrue();
        assertThat(new GitSourceSpec("platform", "http://" + TOKEN + "@git.example.invalid/platform.git", "main",
                List.of(), null, tmp.resolve("e")).sendsCredentialsInPlainText()).as("a token in the URL").isTrue();
        try (GitSource source = GitSources.open(refused)) {
            assertThat(catchThrowableOfType(GitException.class, source::lsRemote).getMessage())
                    .contains("refused to send Git credentials over plain http to git.example.invalid")
                    .contains("sextant.sources[platform].auth.allow-insecure-http: true");
        }
        try (GitSource source = GitSources.open(allowed)) {
            assertThat(catchThrowableOfType(GitException.class, source::lsRemote).getMessage())
                    .as("allowed: it goes on to the network").doesNotContain("refused to send");
        }
    }
}
