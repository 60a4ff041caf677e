package io.sextant.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A real engine on a real Git repository under {@code sextant.policy}: a commit that breaks any policy rule
 * (an allow-list, a namespace's backends, its GPU quota) keeps the live version, marks the change Blocked and
 * audits it once, whatever re-runs that commit. One engine for the class; each test changes its own resources.
 */
class PolicyBlockingTest {

    private static final String CHAT = "teams/search/llama-3-8b-chat.yaml";
    private static final String RERANKER = "teams/ranking/bge-reranker.yaml";
    private static final String LLAMA_70B = "teams/research/llama-3-70b.yaml";

    @TempDir
    static Path root;

    private static Path work;
    private static String imported;
    private static ConfigurableApplicationContext engine;
    private static EngineClient client;
    private static Reconciler reconciler;

    @BeforeAll
    static void startEngine() throws Exception {
        work = GitCli.initRepo(root.resolve("fleet"));
        copySampleTeams(work);
        imported = GitCli.commitAll(work, "Import the fleet");
        List<String> properties = new ArrayList<>(List.of("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                "sextant.api.admin-token=admin", "sextant.sources[0].name=fleet",
                "sextant.sources[0].url=" + work, "sextant.sources[0].paths[0]=teams",
                "sextant.sources[0].poll-interval=1h",
                "sextant.policy.defaults.models.allowed-uris[0]=hf://meta-llama/",
                "sextant.policy.defaults.models.allowed-uris[1]=hf://acme/",
                "sextant.policy.defaults.models.allowed-uris[2]=hf://BAAI/",
                "sextant.policy.defaults.models.allowed-uris[3]=s3://acme-models/",
                "sextant.policy.namespaces.search.backends[0]=sim-local",
                "sextant.policy.namespaces.search.gpu-quota.H100-80GB=4",
                "sextant.policy.namespaces.ranking.backends[0]=sim-local",
                "sextant.policy.namespaces.embeddings.backends[0]=sim-local",
                "sextant.policy.namespaces.research.backends[0]=sim-local",
                "sextant.policy.namespaces.research.gpu-quota.H100-80GB=8"));
        for (int i = 0; i < 2; i++) {
            String prefix = "sextant.backends[" + i + "].";
            properties.addAll(List.of(prefix + "name=" + (i == 0 ? "sim-local" : "sim-spare"), prefix + "type=sim",
                    prefix + "gpus.H100-80GB=8", prefix + "gpus.A100-40GB=8", prefix + "gpus.L4-24GB=8"));
        }
        engine = new SpringApplicationBuilder(SextantApplication.class).properties(properties.toArray(String[]::new)).run();
        client = new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
        reconciler = engine.getBean(Reconciler.class);
        EngineClient.await("initial sync", Duration.ofSeconds(60), () -> imported.equals(
                client.getJson("/api/v1/sources").get("items").get(0).get("lastSyncedRevision").asString("")));
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aCommitBreakingTheAllowListIsBlockedOnceWhileTheLiveVersionStays() throws Exception {
        String applied = client.resource("ModelDeployment", "search", "llama-3-8b-chat").path("appliedRevision").asString();
        edit(CHAT, "hf://meta-llama/Llama-3.1-8B-Instruct", "hf://meta-llama-evil/Llama-3.1-8B-Instruct");
        edit(CHAT, "replicas: 2", "replicas: 3");
        String bad = commitAndAssess("Swap the chat model", "search", "llama-3-8b-chat");

        JsonNode resource = client.resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(resource.path("operation").asString()).isEqualTo("Blocked");
        assertThat(resource.path("appliedRevision").asString()).isEqualTo(applied);
        assertThat(resource.path("message").asString()).startsWith(CHAT + ":11: spec.model.uri:"
                + " hf://meta-llama-evil/Llama-3.1-8B-Instruct is not allowed in namespace search (allowed:"
                + " hf://meta-llama/, hf://acme/, hf://BAAI/, s3://acme-models/) [policy models.allowed-uris]");
        JsonNode live = observed("search", "llama-3-8b-chat");
        assertThat(live.at("/spec/model/uri").asString()).isEqualTo("hf://meta-llama/Llama-3.1-8B-Instruct");
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(2);

        assertThat(blockedEvent("llama-3-8b-chat", bad).path("error").asString()).contains("[policy models.allowed-uris]");
        assertThat(events("llama-3-8b-chat")).filteredOn(e -> e.path("commit").asString().equals(imported)).singleElement()
                .satisfies(create -> assertThat(create.path("modelRevision").asString()).as("the revision deployed")
                        .isEqualTo("0e9e39f"));
        events("bge-large-en").forEach(event ->
                assertThat(event.has("modelRevision")).as("a model without a revision").isFalse());
        assertThat(client.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();
        assertThat(client.getJson("/api/v1/plan").toString()).contains("hf://meta-llama-evil/Llama-3.1-8B-Instruct is"
                + " not allowed in namespace search").doesNotContain("\"action\":\"delete\"");
    }

    @Test
    void aBackendTheNamespaceMayNotUseAndAGpuQuotaOverrunAreBlockedLikeAllowLists() throws Exception {
        String rerankerApplied = client.resource("ModelDeployment", "ranking", "bge-reranker").path("appliedRevision").asString();
        String largeApplied = client.resource("ModelDeployment", "research", "llama-3-70b").path("appliedRevision").asString();
        edit(RERANKER, "backend: sim-local", "backend: sim-spare");
        edit(LLAMA_70B, "maxReplicas: 2", "maxReplicas: 3");
        String bad = commitAndAssess("Move the reranker, let the 70B scale further", "ranking", "bge-reranker");

        JsonNode reranker = client.resource("ModelDeployment", "ranking", "bge-reranker");
        assertThat(reranker.path("operation").asString()).isEqualTo("Blocked");
        assertThat(reranker.path("appliedRevision").asString()).isEqualTo(rerankerApplied);
        assertThat(reranker.path("message").asString()).startsWith(RERANKER + ":9: spec.backend: namespace 'ranking'"
                + " may not use backend 'sim-spare' (allowed: sim-local) [policy backends]");
        assertThat(observed("ranking", "bge-reranker").at("/spec/backend").asString()).as("not moved").isEqualTo("sim-local");
        assertThat(blockedEvent("bge-reranker", bad).path("error").asString()).contains("[policy backends]");

        JsonNode large = client.resource("ModelDeployment", "research", "llama-3-70b");
        assertThat(large.path("operation").asString()).isEqualTo("Blocked");
        assertThat(large.path("appliedRevision").asString()).isEqualTo(largeApplied);
        assertThat(large.path("message").asString()).startsWith(LLAMA_70B + ":17: spec.resources.gpu.count: namespace"
                + " 'research' would hold 12 H100-80GB GPUs, over its quota of 8 (this deployment: 3 replicas x 4)"
                + " [policy gpu-quota]");
        assertThat(observed("research", "llama-3-70b").at("/spec/autoscaling/maxReplicas").asInt()).isEqualTo(2);
        assertThat(blockedEvent("llama-3-70b", bad).path("error").asString()).contains("[policy gpu-quota]");

        assertThat(client.getJson("/api/v1/plan").toString()).contains("[policy backends]", "[policy gpu-quota]")
                .doesNotContain("\"action\":\"delete\"");
    }

    /** Commits, syncs, waits until {@code name} is assessed at that commit, then re-syncs it: nothing new to say. */
    private static String commitAndAssess(String message, String namespace, String name) throws Exception {
        String commit = GitCli.commitAll(work, message);
        client.sync();
        EngineClient.await("the commit assessed", Duration.ofSeconds(60), () -> commit.equals(
                client.resource("ModelDeployment", namespace, name).path("desiredRevision").asString("")));
        assertThat(reconciler.awaitIdle(30_000)).isTrue();
        client.sync();
        assertThat(reconciler.awaitIdle(30_000)).isTrue();
        return commit;
    }

    /** The one audit event of {@code name} at {@code commit}: a blocked change. */
    private static JsonNode blockedEvent(String name, String commit) {
        List<JsonNode> atCommit = events(name).stream().filter(e -> e.path("commit").asString().equals(commit)).toList();
        assertThat(atCommit).as("events of %s at the blocked commit", name).hasSize(1);
        JsonNode event = atCommit.get(0);
        assertThat(event.path("action").asString()).isEqualTo("blocked");
        assertThat(event.path("outcome").asString()).isEqualTo("blocked");
        assertThat(event.path("backend").asString()).isEqualTo("sim-local");
        return event;
    }

    private static List<JsonNode> events(String name) {
        List<JsonNode> events = new ArrayList<>();
        client.getJson("/api/v1/audit?name=" + name).get("items").forEach(events::add);
        return events;
    }

    private static JsonNode observed(String namespace, String name) {
        return client.getJson("/api/v1/resources/ModelDeployment/" + namespace + "/" + name).path("observed");
    }

    private static void edit(String file, String from, String to) throws Exception {
        Path path = work.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private static void copySampleTeams(Path target) throws Exception {
        Path sample = Path.of("..", "sample-repo", "teams").toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(sample)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path to = target.resolve("teams").resolve(sample.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
    }
}
