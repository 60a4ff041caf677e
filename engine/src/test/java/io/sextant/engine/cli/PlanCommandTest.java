package io.sextant.engine.cli;

import io.sextant.spec.kinds.ModelDeployment;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code sextant.jar plan} against a real engine whose reads need a token, on a repository served over
 * HTTP: no changes, then a pushed change the engine has not applied, then a broken one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanCommandTest {

    static final String ADMIN_TOKEN = "plan-test-admin-token";
    static final String READ_TOKEN = "plan-test-read-token";
    static final Path ROOT;
    static final Path WORK;
    static final GitHttpServer SERVER;

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-plan");
            Path repos = Files.createDirectories(ROOT.resolve("server"));
            GitCli.initBare(repos.resolve("fleet.git"));
            SERVER = GitHttpServer.start(repos, "sextant", "s3cret-token");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            ValidateCommandTest.copy(ValidateCommandTest.SAMPLE.resolve("teams"), WORK.resolve("teams"));
            GitCli.commitAll(WORK, "Import the fleet");
            git(WORK, "remote", "add", "origin", SERVER.authenticatedUrl("fleet"));
            git(WORK, "push", "-q", "origin", "main");
            Files.writeString(ROOT.resolve("git-token"), "s3cret-token\n");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN_TOKEN);
        registry.add("sextant.api.read-token", () -> READ_TOKEN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> SERVER.url("fleet"));
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sources[0].auth.username", () -> "sextant");
        registry.add("sextant.sources[0].auth.token-file", () -> ROOT.resolve("git-token").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    BackendRegistry backends;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    String server() {
        return "http://127.0.0.1:" + port;
    }

    String push(String message) {
        String commit = GitCli.commitAll(WORK, message);
        git(WORK, "push", "-q", "origin", "main");
        return commit;
    }

    @Test
    @Order(1)
    void aSyncedEngineHasNoChangesToPlan() {
        EngineClient.await("the fleet applied", Duration.ofSeconds(60), () -> {
            CliRun run = CliRun.of("plan", "--server", server(), "--token", READ_TOKEN);
            return run.code() == 0;
        });

        CliRun run = CliRun.of("plan", "--server", server() + "/", "--token", READ_TOKEN);

        assertThat(run.out()).isEqualTo("Plan of source fleet at " + GitCli.head(WORK).substring(0, 7)
                + " (Import the fleet):\nNo changes: live state matches this commit.\n"
                + "Plan: 0 to create, 0 to update, 0 to delete.\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @Order(2)
    void anEngineWhoseReadsNeedATokenSaysSo() {
        CliRun without = CliRun.of("plan", "--server", server());
        assertThat(without.code()).isEqualTo(1);
        assertThat(without.err()).startsWith("sextant plan: ")
                .endsWith("(HTTP 401); this engine needs a read token: pass --token or set SEXTANT_TOKEN\n");

        CliRun wrong = CliRun.withEnv(Map.of("SEXTANT_TOKEN", "not-the-token"), "plan", "--server", server());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).endsWith("(HTTP 401); the token was refused\n").doesNotContain("not-the-token");
    }

    @Test
    @Order(3)
    void aPushedChangeIsPlannedWithoutBeingApplied() throws Exception {
        Path chat = WORK.resolve("teams/search/llama-3-8b-chat.yaml");
        Files.writeString(chat, Files.readString(chat).replace("replicas: 2", "replicas: 4"));
        Path embeddings = WORK.resolve("teams/embeddings/bge-large-en.yaml");
        Files.writeString(WORK.resolve("teams/embeddings/bge-small-en.yaml"),
                Files.readString(embeddings).replace("bge-large-en", "bge-small-en"));
        git(WORK, "rm", "-q", "teams/ranking/bge-reranker.yaml");
        String commit = push("scale chat, add bge-small, retire the reranker");

        CliRun run = CliRun.withEnv(Map.of("SEXTANT_TOKEN", READ_TOKEN), "plan", "--server", server(),
                "--revision", commit, "--source", "fleet");

        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.out().lines()).containsExactly(
                "Plan of source fleet at " + commit.substring(0, 7) + " (scale chat, add bge-small, retire the reranker):",
                "+ create ModelDeployment/embeddings/bge-small-en on sim-local",
                "~ update ModelDeployment/search/llama-3-8b-chat on sim-local",
                "    /spec/replicas: 2 → 4",
                "- delete ModelDeployment/ranking/bge-reranker on sim-local",
                "Plan: 1 to create, 1 to update, 1 to delete.");
        assertThat(backends.find("sim-local").orElseThrow()
                .observe(new ResourceKey(ModelDeployment.KIND, "search", "llama-3-8b-chat")).orElseThrow()
                .manifest().get("spec").get("replicas").asInt()).as("planned, not applied").isEqualTo(2);
    }

    @Test
    @Order(4)
    void aBrokenCommitIsPlannedWithItsErrorsAndExitsWithOne() throws IOException {
        Path chat = WORK.resolve("teams/search/llama-3-8b-chat.yaml");
        Files.writeString(chat, Files.readString(chat).replace("replicas: 4", "replicas: 4\n  autoscaling: {minReplicas: 1, maxReplicas: 2}"));
        String commit = push("chat: both replicas and autoscaling");

        CliRun run = CliRun.of("plan", "--server", server(), "--revision", commit, "--token", READ_TOKEN);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("\nteams/search/llama-3-8b-chat.yaml:20: spec.autoscaling: set either replicas"
                + " or autoscaling, not both\n").endsWith("; 1 spec error (those resources are left alone).\n");
        assertThat(run.err()).isEqualTo("sextant plan: the commit has spec errors\n");
    }

    @Test
    @Order(5)
    void anUnknownSourceIsTheEnginesOwnExplanation() {
        CliRun run = CliRun.of("plan", "--server", server(), "--source", "nope", "--token", READ_TOKEN);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("sextant plan: ").contains("nope").contains("(HTTP 4");
    }
}
