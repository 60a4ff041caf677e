package io.sextant.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A token written into a source URL ({@code http://<token>:x-oauth-basic@host/...}, as GitHub documents)
 * shows nowhere: not in the source API's Git failure, the dashboard's overview, a plan's error, the
 * metrics or the engine's log. And a token over plain http to another machine is refused at start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenInSourceUrlTest {

    static final String TOKEN = "ghp_UrlToken0123456789abcdef";

    @TempDir
    Path root;

    @Test
    void aTokenInTheSourceUrlIsMaskedEverywhereTheUrlIsShown(CapturedOutput output) throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        try (GitHttpServer server = GitHttpServer.start(repos, "sextant", "the-right-token");
             ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                     .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                             "sextant.api.admin-token=admin",
                             "sextant.sources[0].name=fleet",
                             "sextant.sources[0].url=" + server.url("fleet").replace("http://",
                                     "http://" + TOKEN + ":x-oauth-basic@"),
                             "sextant.sources[1].name=hosted",
                             "sextant.sources[1].url=https://" + TOKEN + "@git.example.invalid/acme/fleet.git")
                     .run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
            EngineClient.await("both sources' Git failures", Duration.ofSeconds(60), () -> {
                String sources = client.get("/api/v1/sources").body();
                return sources.split("\"gitFailure\":\\{").length == 3;
            });

            String sources = client.get("/api/v1/sources").body();
            assertThat(sources).contains("http://***@127.0.0.1:" + server.port())
                    .contains("https://***@git.example.invalid").contains("failed").doesNotContain(TOKEN);
            assertThat(client.get("/api/v1/overview").body()).contains("git.example.invalid").doesNotContain(TOKEN);
            HttpResponse<String> plan = client.get("/api/v1/plan?source=fleet&revision=" + "a".repeat(40));
            assertThat(plan.statusCode()).isNotEqualTo(200);
            assertThat(plan.body()).contains("***@").doesNotContain(TOKEN);
            assertThat(client.get("/actuator/prometheus").body()).doesNotContain(TOKEN);
            assertThat(output.getAll()).contains("***@").doesNotContain(TOKEN);
        }
    }

    @Test
    void aTokenOverPlainHttpToAnotherMachineIsRefusedAtStartUpNamingTheSetting() throws Exception {
        Files.writeString(root.resolve("token"), TOKEN);
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                        "sextant.api.admin-token=admin",
                        "sextant.sources[0].name=fleet", "sextant.sources[0].url=http://git.example.invalid/fleet.git",
                        "sextant.sources[0].auth.token-file=" + root.resolve("token"))
                .run().close());

        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IllegalStateException.class).hasMessage("sextant.sources[fleet].url: plain "
                + "http:// would send the Git credentials unencrypted to git.example.invalid; use https://, or set "
                + "sextant.sources[fleet].auth.allow-insecure-http: true to accept that");
    }
}
