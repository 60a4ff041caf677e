package io.sextant.engine;

import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Quartz polls each source: a pushed commit is applied without asking, and an idle poll is cheap. */
class PollingTest {

    @TempDir
    Path root;

    /** Git network operations the engine has made, from its own metrics. */
    static long gitOperations(MeterRegistry meters, String operation) {
        return meters.find("sextant.git.operation").tag("operation", operation).timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    /** HTTP requests one ls-remote makes (JGit's protocol v2 with an auth challenge takes several). */
    int lsRemoteCost(GitHttpServer server) throws Exception {
        GitSourceSpec spec = new GitSourceSpec("probe", server.url("fleet"), "main", List.of(),
                new GitCredentials.UsernamePassword("sextant", "poll-token"), root.resolve("probe"));
        try (GitSource probe = GitSources.open(spec)) {
            int before = server.requestCount();
            probe.lsRemote();
            return server.requestCount() - before;
        }
    }

    @Test
    void appliesAPushOnTheNextPollAndIdlePollsOnlyCheckTheBranchHead() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        try (GitHttpServer server = GitHttpServer.start(repos, "sextant", "poll-token")) {
            Path work = GitCli.initRepo(root.resolve("work"));
            GitOpsLoopTest.copySample(work);
            GitCli.commitAll(work, "Import the fleet");
            git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
            git(work, "push", "-q", "origin", "main");
            Files.writeString(root.resolve("token"), "poll-token");

            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                    .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                            "sextant.api.admin-token=admin",
                            "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                            "sextant.sources[0].paths[0]=teams", "sextant.sources[0].poll-interval=1s",
                            "sextant.sources[0].auth.username=sextant",
                            "sextant.sources[0].auth.token-file=" + root.resolve("token"))
                    .run()) {
                EngineClient client = new EngineClient(
                        Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
                EngineClient.await("initial sync", Duration.ofSeconds(60), () -> {
                    JsonNode r = client.resource("ModelDeployment", "ranking", "bge-reranker");
                    return r != null && r.get("sync").asString().equals("Synced");
                });

                int lsRemoteCost = lsRemoteCost(server);
                MeterRegistry meters = engine.getBean(MeterRegistry.class);
                assertThat(engine.getBean(io.sextant.engine.reconcile.Reconciler.class).awaitIdle(30_000)).isTrue();
                long lsRemotes = gitOperations(meters, "ls_remote");
                long fetches = gitOperations(meters, "fetch");
                int before = server.requestCount();
                Reconciles.awaitMore(meters, "poll", Reconciles.finished(meters, "poll"), 3, Duration.ofSeconds(30));
                assertThat(engine.getBean(io.sextant.engine.reconcile.Reconciler.class).awaitIdle(30_000)).isTrue();
                long polls = gitOperations(meters, "ls_remote") - lsRemotes;
                long idle = server.requestCount() - before;
                // Each idle poll is one ls-remote and nothing else: no fetch, no other request to the server.
                assertThat(polls).as("idle polls in the window").isPositive();
                assertThat(gitOperations(meters, "fetch")).as("fetches by idle polls").isEqualTo(fetches);
                // An ls-remote over smart HTTP with credentials is at most 3 requests (the 401 challenge, the
                // protocol v2 capability advertisement, ls-refs); a fetch would add upload-pack negotiation.
                assertThat(idle).as(polls + " idle polls (a fresh client's ls-remote costs " + lsRemoteCost
                        + " requests)").isBetween(polls, polls * 3);

                Path file = work.resolve("teams/ranking/bge-reranker.yaml");
                Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 1"));
                GitCli.commitAll(work, "ranking: one reranker is enough");
                git(work, "push", "-q", "origin", "main");
                String commit = GitCli.head(work);

                EngineClient.await("the pushed commit applied by a poll", Duration.ofSeconds(30), () ->
                        commit.equals(client.resource("ModelDeployment", "ranking", "bge-reranker")
                                .get("appliedRevision").asString()));
                JsonNode event = client.getJson("/api/v1/audit?commit=" + commit).get("items").get(0);
                assertThat(event.get("trigger").asString()).isEqualTo("poll");
                assertThat(event.get("action").asString()).isEqualTo("update");
            }
        }
    }
}
