package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 in the middle of a sync onto an HTTP backend: one engine process (default H2 database) syncs 36
 * ModelDeployments (a Service and a Deployment each, applied concurrently) onto a Kubernetes API server
 * that answers every write after 300 ms, and is SIGKILLed the moment the server has taken half of the 72
 * server-side applies, before the engine hears back: some resources are complete, some half-applied,
 * some untouched, and none of the wave's steps is recorded yet. Restarted on the same data directory, the
 * engine finishes the sync: every object is as the specs say, each got exactly one apply across both
 * processes, each resource has exactly one create event, the hash chain is valid and all are Synced.
 */
class HttpBackendCrashRecoveryTest {

    static final String ADMIN_TOKEN = "crash-admin-token";
    static final int DEPLOYMENTS = 36;
    /** The apply, of 72, on whose arrival the engine is killed. */
    static final int KILL_AT_APPLY = DEPLOYMENTS;
    static final Duration WRITE_LATENCY = Duration.ofMillis(300);
    /** Kept after the run (unlike the data directory), to read what each process did. */
    static final Path LOGS = Path.of("target", "http-crash-recovery-logs");

    @TempDir
    Path root;

    @Test
    void killedMidSyncOntoKubernetesTheRestartedEngineFinishesWithOneApplyPerObjectAndOneEventPerResource()
            throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve("fleet.git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "README.md", "The fleet; specs live under teams/.\n");
        GitCli.commitAll(work, "An empty fleet");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        try (GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
             KubeApiServer kube = new KubeApiServer(WRITE_LATENCY)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            GitCli.git(work, "push", "-q", "origin", "main");

            EngineReplica engine = start("engine", null, git, kube);
            Kill kill = new Kill();
            try (engine) {
                EngineClient client = engine.client(ADMIN_TOKEN);
                awaitSynced(engine, client, GitCli.head(work));

                KubeFleet.writeSpecs(work, DEPLOYMENTS);
                GitCli.commitAll(work, "search: 36 models");
                GitCli.git(work, "push", "-q", "origin", "main");
                killWhenTheServerTakesApply(KILL_AT_APPLY, engine, kube, kill);
                client.sync();
                EngineClient.await("the engine killed mid-sync", Duration.ofSeconds(180), () -> {
                    if (!kill.fired && !engine.alive()) {
                        throw new AssertionError("the engine exited before the kill; see " + engine.log);
                    }
                    return kill.objectsTaken != null;
                });
            }
            String commit = GitCli.head(work);
            Map<String, Long> appliesBeforeRestart = KubeFleet.appliesByCaller(kube.api.calls());
            // A resource's Service is applied before its Deployment, so a Deployment marks a complete resource.
            long complete = kill.objectsTaken.stream().filter(path -> path.contains("/deployments/")).count();
            System.out.printf("HttpBackendCrashRecoveryTest: killed after %s applies: %d resources complete, %d"
                    + " half-applied, %d untouched%n", appliesBeforeRestart, complete,
                    kill.objectsTaken.size() - 2 * complete, DEPLOYMENTS - kill.objectsTaken.size() + complete);
            assertThat(appliesBeforeRestart.get("engine")).as("the kill landed mid-sync")
                    .isBetween((long) KILL_AT_APPLY, 2L * DEPLOYMENTS - 1);
            assertThat(complete).as("some resources complete at the kill, not all").isBetween(1L, DEPLOYMENTS - 1L);

            try (EngineReplica restarted = start("engine-restarted", engine.dataDir, git, kube)) {
                EngineClient client = restarted.client(ADMIN_TOKEN);
                awaitSynced(restarted, client, commit);
                EngineClient.await("every resource Synced", Duration.ofSeconds(60),
                        () -> synced(client, commit) == DEPLOYMENTS);

                List<WatchedApi.Call> calls = kube.api.calls();
                assertThat(calls).as("the backend was only ever written by server-side apply")
                        .filteredOn(WatchedApi.Call::write).allMatch(WatchedApi.Call::apply);
                assertThat(KubeFleet.appliesByObject(calls)).as("one apply per object across both processes")
                        .hasSize(2 * DEPLOYMENTS).allSatisfy((path, times) -> assertThat(times).as(path).isEqualTo(1));
                assertThat(KubeFleet.appliesByCaller(calls).get("engine-restarted"))
                        .as("the restarted engine applied what was not live yet").isPositive();
                KubeFleet.assertEveryObjectIsAsTheSpecsSay(kube, DEPLOYMENTS);
                assertOneCreateEventPerResource(client, commit);
                assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();

                // Another sync of the same commit finds nothing to do: reads only, no new event.
                int before = kube.api.calls().size();
                client.sync();
                EngineClient.await("the follow-up sync done", Duration.ofSeconds(60),
                        () -> kube.api.calls().size() > before && idle(client, commit));
                List<WatchedApi.Call> after = kube.api.calls();
                assertThat(after.subList(before, after.size())).as("reads only").noneMatch(WatchedApi.Call::write);
                assertThat(client.getJson("/api/v1/audit?limit=10000").get("items").size()).isEqualTo(DEPLOYMENTS);
            }
        }
    }

    /** The kill, once it happened: the object paths the API server had taken an apply of by then. */
    static final class Kill {
        volatile boolean fired;
        volatile Set<String> objectsTaken;
    }

    /**
     * Arms the API server: when it has taken the {@code nth} apply, the engine that sent it is SIGKILLed
     * before it gets the answer.
     */
    static void killWhenTheServerTakesApply(int nth, EngineReplica engine, KubeApiServer kube, Kill kill) {
        AtomicInteger taken = new AtomicInteger(); // requests arrive on several event-loop threads
        kube.api.onWrite(call -> {
            if (call.apply() && taken.incrementAndGet() == nth) {
                kill.fired = true;
                engine.kill();
                kill.objectsTaken = Set.copyOf(KubeFleet.appliesByObject(kube.api.calls()).keySet());
            }
        });
    }

    static void assertOneCreateEventPerResource(EngineClient client, String commit) {
        JsonNode events = client.getJson("/api/v1/audit?limit=10000").get("items");
        Set<String> resources = new HashSet<>();
        for (JsonNode event : events) {
            assertThat(event.get("action").asString()).as("action of " + event).isEqualTo("create");
            assertThat(event.get("outcome").asString()).as("outcome of " + event).isEqualTo("succeeded");
            assertThat(event.get("backend").asString()).isEqualTo(KubeFleet.BACKEND);
            assertThat(event.get("commit").asString()).isEqualTo(commit);
            assertThat(resources.add(event.get("resource").toString()))
                    .as("one event per resource: " + event.get("resource")).isTrue();
        }
        assertThat(resources).hasSize(DEPLOYMENTS);
    }

    EngineReplica start(String name, Path dataDir, GitHttpServer git, KubeApiServer kube) throws Exception {
        // The API server tells the two processes apart by their bearer token.
        Path token = Files.writeString(root.resolve(name + ".token"), name + "\n");
        Map<String, String> settings = new LinkedHashMap<>(
                KubeFleet.engineSettings(git, root.resolve("git-token"), kube, token));
        settings.put("sextant.api.admin-token", ADMIN_TOKEN);
        EngineReplica engine = dataDir == null ? EngineReplica.start(name, root, LOGS, settings)
                : EngineReplica.startOn(dataDir, name, LOGS, settings);
        engine.awaitUp(Duration.ofSeconds(240));
        return engine;
    }

    static void awaitSynced(EngineReplica engine, EngineClient client, String commit) {
        EngineClient.await(engine.name + " synced " + commit, Duration.ofSeconds(180), () -> {
            if (!engine.alive()) {
                throw new AssertionError(engine.name + " exited; see " + engine.log);
            }
            return idle(client, commit);
        });
    }

    /** The source has synced {@code commit} and no reconcile of it is running. */
    static boolean idle(EngineClient client, String commit) {
        JsonNode source = client.getJson("/api/v1/sources").get("items").get(0);
        return commit.equals(source.path("lastSyncedRevision").asString(null)) && !source.get("reconciling").asBoolean();
    }

    /** How many resources are Synced at {@code commit}. */
    static int synced(EngineClient client, String commit) {
        int synced = 0;
        for (JsonNode item : client.getJson("/api/v1/resources").get("items")) {
            boolean atCommit = commit.equals(item.path("appliedRevision").asString(null));
            synced += item.get("sync").asString().equals("Synced") && atCommit ? 1 : 0;
        }
        return synced;
    }
}
