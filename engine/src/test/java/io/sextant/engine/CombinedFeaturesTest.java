package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Features combined, in the shape a platform team runs them: two replicas on one PostgreSQL and one
 * Kubernetes API server, self-heal on, a drift scan every second and a poll every two, a namespace
 * allow-list, while a team freezes itself with a {@code SyncWindow}, commits a policy violation beside good
 * files, suspends a deployment someone then scales by hand, and the API server stops taking writes for a
 * while; then one replica goes away and the other carries on. What a user sees must hold throughout: a held
 * or blocked change is audited once (not once per replica or poll), a suspended resource is never healed by
 * either replica, an outage costs one failure event and one apply when it ends, the API server never takes
 * an older spec after a newer one, and the audit chain verifies.
 */
class CombinedFeaturesTest {

    static final String ADMIN = "combined-admin";
    static final String M1 = "/api/v1/resources/ModelDeployment/search/m1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    @Test
    void twoReplicasKeepWindowsPolicySuspensionsAndOutagesApartAndAuditEachChangeOnce() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "teams/search/m1.yaml", deployment("m1", "hf://acme/m1", 1));
        GitCli.writeFile(work, "teams/search/m2.yaml", deployment("m2", "hf://acme/m2", 1));
        String first = GitCli.commitAll(work, "search: m1 and m2");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "engine\n");
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
             KubeApiServer kube = new KubeApiServer(Duration.ZERO);
             AutoCloseable stop = () -> replicas.forEach(ConfigurableApplicationContext::close)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            push(work);
            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            Map<String, String> settings = settings(postgres, git, kube);
            replicas.add(start("combined-a", settings));
            replicas.add(start("combined-b", settings));
            EngineClient a = client(replicas.get(0));
            EngineClient b = client(replicas.get(1));
            awaitSynced(b, first);

            // 1. A deny window open now, and a change under it: held on both replicas, audited once.
            // Opened at the top of this hour, for two hours: open now, with one end whatever the test's length.
            GitCli.writeFile(work, "teams/search/freeze.yaml", """
                    apiVersion: sextant.io/v1
                    kind: SyncWindow
                    metadata: {name: launch-freeze, namespace: search}
                    spec:
                      type: deny
                      schedule: "0 %d * * *"
                      duration: 2h
                      selector: {kinds: [ModelDeployment]}
                    """.formatted(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour()));
            GitCli.writeFile(work, "teams/search/m1.yaml", deployment("m1", "hf://acme/m1", 2));
            String frozen = GitCli.commitAll(work, "search: freeze, and m1 to 2 replicas");
            push(work);
            for (EngineClient replica : List.of(a, b)) {
                EngineClient.await("m1 held on a replica", Duration.ofSeconds(30), () ->
                        replica.getJson(M1).path("message").asString().contains("held by sync window search/launch-freeze"));
            }
            assertThat(a.getJson(M1).path("message").asString()).isEqualTo(b.getJson(M1).path("message").asString());
            // Both replicas fetched and ran the held commit more than once (polls every 2 s, scans every 1 s).
            awaitRuns(replicas, 4);
            assertThat(count(db, "commit_id = '" + frozen + "' AND name = 'm1' AND action = 'blocked'"))
                    .as("one blocked event for the held change, whichever replica ran it and however often").isEqualTo(1);
            assertThat(kube.deployment("search--m1").getSpec().getReplicas()).as("held: not applied").isEqualTo(1);

            // 2. The freeze lifted beside a policy violation and a new good file: the held change and the good
            //    file apply once, the violation is blocked once and its live version stays.
            GitCli.git(work, "rm", "-q", "teams/search/freeze.yaml");
            GitCli.writeFile(work, "teams/search/m2.yaml", deployment("m2", "hf://evil/m2", 3));
            GitCli.writeFile(work, "teams/search/m3.yaml", deployment("m3", "hf://acme/m3", 1));
            String lifted = GitCli.commitAll(work, "search: lift the freeze, m3, and m2 from elsewhere");
            push(work);
            EngineClient.await("m1 and m3 applied", Duration.ofSeconds(30), () -> {
                var m3 = kube.deployment("search--m3");
                return m3 != null && kube.deployment("search--m1").getSpec().getReplicas() == 2;
            });
            EngineClient.await("m2 blocked by policy", Duration.ofSeconds(30), () ->
                    "Blocked".equals(b.getJson("/api/v1/resources/ModelDeployment/search/m2").path("operation").asString()));
            awaitRuns(replicas, 4);
            assertThat(count(db, "commit_id = '" + lifted + "' AND name = 'm2' AND action = 'blocked'"))
                    .as("one blocked event for the policy violation").isEqualTo(1);
            assertThat(db.queryForObject("SELECT error FROM audit_event WHERE commit_id = ? AND name = 'm2'",
                    String.class, lifted)).contains("[policy models.allowed-uris]");
            assertThat(kube.deployment("search--m2").getSpec().getReplicas()).as("the live m2 stays").isEqualTo(1);

            // 3. A suspended deployment scaled by hand: reported once, healed by neither replica; resumed
            //    through the other replica, healed once.
            assertThat(a.post(M1 + "/suspend?reason=INC-7", ADMIN).statusCode()).isEqualTo(200);
            kube.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName("search--m1").scale(5);
            EngineClient.await("the drift reported", Duration.ofSeconds(30), () ->
                    count(db, "name = 'm1' AND action = 'drift-detected'") == 1);
            awaitRuns(replicas, 3);
            assertThat(count(db, "name = 'm1' AND action = 'drift-corrected'")).as("never healed while suspended").isZero();
            assertThat(kube.deployment("search--m1").getSpec().getReplicas()).isEqualTo(5);
            assertThat(b.post(M1 + "/resume", ADMIN).statusCode()).isEqualTo(200);
            EngineClient.await("the drift healed", Duration.ofSeconds(30), () ->
                    kube.deployment("search--m1").getSpec().getReplicas() == 2);
            awaitRuns(replicas, 3);
            assertThat(count(db, "name = 'm1' AND action = 'drift-corrected'")).as("healed once").isEqualTo(1);
            assertThat(count(db, "name = 'm1' AND action = 'drift-detected'")).as("reported once").isEqualTo(1);

            // 4. The API server stops taking writes while m3 changes: one failure event, one apply after.
            kube.api.refuseWrites(true);
            GitCli.writeFile(work, "teams/search/m3.yaml", deployment("m3", "hf://acme/m3", 2));
            String during = GitCli.commitAll(work, "search: m3 to 2 replicas");
            push(work);
            EngineClient.await("the outage seen", Duration.ofSeconds(30), () ->
                    count(db, "commit_id = '" + during + "' AND name = 'm3' AND outcome = 'failed'") >= 1);
            awaitRuns(replicas, 4);
            kube.api.refuseWrites(false);
            EngineClient.await("m3 applied after the outage", Duration.ofSeconds(60), () ->
                    kube.deployment("search--m3").getSpec().getReplicas() == 2);

            // 5. One replica goes away; the other applies the next commit alone.
            replicas.remove(0).close();
            GitCli.writeFile(work, "teams/search/m1.yaml", deployment("m1", "hf://acme/m1", 4));
            String last = GitCli.commitAll(work, "search: m1 to 4 replicas");
            push(work);
            // Not awaitSynced: m2 stays blocked by policy, so no later commit is ever fully applied.
            EngineClient.await("m1 at 4 replicas, applied by the replica left", Duration.ofSeconds(60), () ->
                    kube.deployment("search--m1").getSpec().getReplicas() == 4);
            EngineClient.await("m1 applied at " + last, Duration.ofSeconds(30), () ->
                    last.equals(b.getJson(M1).path("appliedRevision").asString()));
            awaitRuns(replicas, 4);

            assertThat(count(db, "commit_id = '" + during + "' AND name = 'm3' AND outcome = 'failed'"))
                    .as("one event for one failure, however often retried").isEqualTo(1);
            assertThat(count(db, "commit_id = '" + during + "' AND name = 'm3' AND action = 'update' AND outcome = 'succeeded'"))
                    .isEqualTo(1);
            assertThat(db.queryForList("""
                    SELECT commit_id || ' ' || name || ' ' || action || ' ' || outcome FROM audit_event
                    WHERE name IS NOT NULL GROUP BY commit_id, name, action, outcome HAVING COUNT(*) > 1""", String.class))
                    .as("no duplicate audit event per (commit, resource, action)").isEmpty();
            assertThat(replicasApplied(kube, "search--m1")).as("m1 as the API server took it: never an older spec")
                    .containsExactly(1, 2, 2, 4);
            assertThat(b.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();
        }
    }

    /**
     * Waits until the replicas finished {@code runs} more reconcile runs (polls and drift scans; a drift request
     * absorbs a poll coalesced with it),
     * so that "only once" is asserted after repeated chances to do it again.
     */
    static void awaitRuns(List<ConfigurableApplicationContext> replicas, int runs) {
        long before = runsSoFar(replicas);
        EngineClient.await(runs + " more runs", Duration.ofSeconds(60), () -> runsSoFar(replicas) >= before + runs);
    }

    static long runsSoFar(List<ConfigurableApplicationContext> replicas) {
        return replicas.stream().mapToLong(replica -> replica.getBean(MeterRegistry.class).find("sextant.reconcile")
                .timers().stream().mapToLong(Timer::count).sum()).sum();
    }

    static int count(JdbcTemplate db, String where) {
        return db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE " + where, Integer.class);
    }

    /** The replicas of every server-side apply of one Deployment, in the order the server took them. */
    static List<Integer> replicasApplied(KubeApiServer kube, String object) {
        List<Integer> replicas = new ArrayList<>();
        for (WatchedApi.Call call : kube.api.calls()) {
            if (call.apply() && call.path().endsWith("/deployments/" + object)) {
                replicas.add(JSON.readTree(call.body()).path("spec").path("replicas").asInt());
            }
        }
        return replicas;
    }

    static void awaitSynced(EngineClient client, String commit) {
        EngineClient.await("synced " + commit, Duration.ofSeconds(120), () ->
                commit.equals(client.getJson("/api/v1/sources").path("items").path(0).path("lastSyncedRevision").asString()));
    }

    static void push(Path work) {
        GitCli.git(work, "push", "-q", "origin", "main");
    }

    static String deployment(String name, String uri, int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: %s, servedName: %s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0, args: {max-model-len: 8192}}
                  resources:
                    gpu: {type: H100-80GB, count: 1}
                  replicas: %d
                """.formatted(name, uri, name, replicas);
    }

    Map<String, String> settings(EmbeddedPostgres postgres, GitHttpServer git, KubeApiServer kube) {
        return settingsFor(postgres, git, kube, root);
    }

    /** The shape of these tests' replicas: polls every 2 s, drift scans every second, self-heal, one PostgreSQL. */
    static Map<String, String> settingsFor(EmbeddedPostgres postgres, GitHttpServer git, KubeApiServer kube, Path root) {
        Map<String, String> settings = new LinkedHashMap<>(KubeFleet.engineSettings(git, root.resolve("git-token"),
                kube, root.resolve("kube-token")));
        settings.put("sextant.sources[0].poll-interval", "2s");
        settings.put("sextant.drift.interval", "1s");
        settings.put("sextant.sync.self-heal", "true");
        settings.put("sextant.policy.defaults.models.allowed-uris[0]", "hf://acme/");
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        settings.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
        settings.put("sextant.api.admin-token", ADMIN);
        settings.put("server.port", "0");
        return settings;
    }

    ConfigurableApplicationContext start(String name, Map<String, String> settings) throws Exception {
        List<String> properties = new ArrayList<>();
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        properties.add("sextant.data-dir=" + Files.createDirectories(root.resolve(name)));
        properties.add("spring.quartz.properties.org.quartz.scheduler.instanceId=" + name);
        return new SpringApplicationBuilder(SextantApplication.class).properties(properties.toArray(String[]::new)).run();
    }

    static EngineClient client(ConfigurableApplicationContext replica) {
        return new EngineClient(Integer.parseInt(replica.getEnvironment().getProperty("local.server.port")), ADMIN);
    }
}
