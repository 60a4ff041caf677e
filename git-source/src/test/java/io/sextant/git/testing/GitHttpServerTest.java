package io.sextant.git.testing;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initBare;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server behaves like a hosted Git service for the real git client. */
class GitHttpServerTest {

    @TempDir
    Path tmp;
    GitHttpServer server;

    @BeforeEach
    void start() {
        initBare(tmp.resolve("repos/team.git"));
        server = GitHttpServer.start(tmp.resolve("repos"), "alice", "pa55");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void challengesRequestsWithoutOrWithWrongCredentials() throws Exception {
        HttpResponse<String> anonymous = get(server.url("team") + "/info/refs?service=git-upload-pack", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm="));

        assertThat(get(server.url("team") + "/info/refs?service=git-upload-pack", "alice:wrong").statusCode())
                .isEqualTo(401);
        assertThat(get(server.url("team") + "/info/refs?service=git-upload-pack", "alice:pa55").statusCode())
                .isEqualTo(200);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void servesOnlyRepositoriesUnderTheRoot() throws Exception {
        assertThat(get(server.url("missing") + "/info/refs?service=git-upload-pack", "alice:pa55").statusCode())
                .isEqualTo(404);
        String escape = "http://127.0.0.1:" + server.port() + "/git/%2e%2e/repos/team.git/info/refs?service=git-upload-pack";
        assertThat(get(escape, "alice:pa55").statusCode()).isIn(400, 404);
    }

    @Test
    void theGitClientPushesAndClonesWithCredentials() {
        Path work = initRepo(tmp.resolve("work"));
        String commit = commitFile(work, "a.yaml", "a: 1\n", "first");
        git(work, "push", "-q", server.authenticatedUrl("team"), "main");

        git(tmp, "clone", "-q", server.authenticatedUrl("team"), "copy");
        assertThat(GitCli.head(tmp.resolve("copy"))).isEqualTo(commit);
        assertThatThrownBy(() -> git(tmp, "clone", "-q", server.url("team"), "anonymous"))
                .isInstanceOf(AssertionError.class);
    }

    private static HttpResponse<String> get(String url, String userColonPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (userColonPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    userColonPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
