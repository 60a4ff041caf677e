package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.RetryPolicy;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An hour of outages on a clock the test moves, polled every 10 seconds as a busy engine would be: a
 * Kubernetes API server that answers every write 503, and a Git source whose server is gone. Both must
 * cost a handful of attempts and audit events, say what fails and since when, and recover with one event.
 */
class BackendOutageTest {

    static final Duration POLL = Duration.ofSeconds(10);
    static final int POLLS_IN_AN_HOUR = 360;

    @TempDir
    Path root;

    @Test
    void anHourOfAFailingBackendAndAGoneGitServerCostsAHandfulOfAttemptsAndEvents() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        KubeFleet.writeSpecs(work, 1);
        GitCli.commitAll(work, "search: m1");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "engine\n");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
        try (GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
             KubeApiServer kube = new KubeApiServer(Duration.ZERO)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            GitCli.git(work, "push", "-q", "origin", "main");
            kube.api.refuseWrites(true);
            try (ConfigurableApplicationContext engine = start(git, kube, clock)) {
                Reconciler reconciler = engine.getBean(Reconciler.class);
                EngineClient client = new EngineClient(port(engine), "admin");
                assertThat(reconciler.awaitIdle(60_000)).isTrue();

                for (int poll = 0; poll < POLLS_IN_AN_HOUR; poll++) {
                    clock.advance(POLL);
                    reconciler.requestAll(Trigger.POLL);
                    assertThat(reconciler.awaitIdle(30_000)).as("poll %d done", poll).isTrue();
                }

                List<JsonNode> events = events(client);
                assertThat(events).as("one event for one failure, however often it was retried").hasSize(1);
                assertThat(events.get(0).get("outcome").asString()).isEqualTo("failed");
                assertThat(events.get(0).get("error").asString()).contains("etcdserver: request timed out");
                long applies = kube.api.calls().stream().filter(WatchedApi.Call::apply).count();
                JsonNode m1 = client.getJson("/api/v1/resources/ModelDeployment/search/m1");
                assertThat(m1.get("operation").asString()).isEqualTo("Failed");
                assertThat(m1.get("message").asString()).as("the backend's own message")
                        .contains("etcdserver: request timed out");
                int attempts = m1.get("attempts").asInt();
                assertThat(attempts).as("exponential backoff from 5 s capped at 5 min: about 16 attempts an hour")
                        .isBetween(10, 25);
                assertThat(applies).as("one apply per attempt (a Deployment, then nothing more)").isEqualTo(attempts);
                assertThat(Instant.parse(m1.get("nextAttemptAt").asString())).isAfter(clock.instant())
                        .isBeforeOrEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

                JsonNode gone = source(client, "gone");
                assertThat(gone.get("gitFailure").get("since").asString()).isEqualTo("2026-12-03T08:00:00Z");
                assertThat(gone.get("gitFailure").get("attempts").asInt()).isBetween(10, 25);
                assertThat(gone.get("errors").get(0).get("message").asString()).contains("gone");
                assertThat(source(client, KubeFleet.SOURCE).get("gitFailure").isNull()).isTrue();

                // The API server writes again: the next attempt creates m1, with one event.
                kube.api.refuseWrites(false);
                clock.advance(Duration.ofMinutes(5));
                reconciler.requestAll(Trigger.POLL);
                assertThat(reconciler.awaitIdle(30_000)).isTrue();
                JsonNode recovered = client.getJson("/api/v1/resources/ModelDeployment/search/m1");
                assertThat(recovered.get("operation").asString()).isEqualTo("Succeeded");
                assertThat(recovered.get("sync").asString()).isEqualTo("Synced");
                assertThat(recovered.get("attempts").asInt()).isZero();
                assertThat(recovered.get("nextAttemptAt").isNull()).isTrue();
                assertThat(events(client)).extracting(e -> e.get("outcome").asString())
                        .containsExactly("succeeded", "failed");
                assertThat(kube.deployment("search--m1").getSpec().getReplicas()).isEqualTo(KubeFleet.replicas(1));
            }
        }
    }

    static List<JsonNode> events(EngineClient client) {
        List<JsonNode> events = new ArrayList<>();
        client.getJson("/api/v1/audit?name=m1").get("items").forEach(events::add);
        return events;
    }

    static JsonNode source(EngineClient client, String name) {
        for (JsonNode source : client.getJson("/api/v1/sources").get("items")) {
            if (source.get("name").asString().equals(name)) {
                return source;
            }
        }
        throw new AssertionError("no source " + name);
    }

    ConfigurableApplicationContext start(GitHttpServer git, KubeApiServer kube, MutableClock clock) throws Exception {
        Map<String, String> settings = KubeFleet.engineSettings(git, root.resolve("git-token"), kube,
                root.resolve("kube-token"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        settings.put("sextant.sources[1].name", "gone");
        settings.put("sextant.sources[1].url", "http://127.0.0.1:" + closed + "/gone.git");
        settings.put("sextant.sources[1].poll-interval", "1h");
        List<String> properties = new ArrayList<>(List.of("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                "sextant.api.admin-token=admin"));
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        return new SpringApplicationBuilder(SextantApplication.class).properties(properties.toArray(String[]::new))
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("clock", clock);
                    // One attempt per run: the backoff between runs is what this test is about.
                    context.getBeanFactory().registerSingleton("retryPolicy",
                            new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
                })
                .run();
    }

    static int port(ConfigurableApplicationContext engine) {
        return Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
    }
}
