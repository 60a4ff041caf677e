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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A real engine on a real Git repository under {@code sextant.policy} allow-lists: a commit that breaks one
 * keeps the live version, marks the change Blocked and audits it once, whatever re-runs that commit.
 */
class PolicyBlockingTest {

    private static final String CHAT = "teams/search/llama-3-8b-chat.yaml";

    @TempDir
    Path root;

    @Test
    void aCommitBreakingTheAllowListIsBlockedOnceWhileTheLiveVersionStays() throws Exception {
        Path work = GitCli.initRepo(root.resolve("fleet"));
        copySampleTeams(work);
        String good = GitCli.commitAll(work, "Import the fleet");
        try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                        "sextant.api.admin-token=admin", "sextant.sources[0].name=fleet",
                        "sextant.sources[0].url=" + work, "sextant.sources[0].paths[0]=teams",
                        "sextant.sources[0].poll-interval=1h",
                        "sextant.policy.defaults.models.allowed-uris[0]=hf://meta-llama/",
                        "sextant.policy.defaults.models.allowed-uris[1]=hf://acme/",
                        "sextant.policy.defaults.models.allowed-uris[2]=hf://BAAI/",
                        "sextant.policy.defaults.models.allowed-uris[3]=s3://acme-models/")
                .run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
            Reconciler reconciler = engine.getBean(Reconciler.class);
            EngineClient.await("initial sync", Duration.ofSeconds(60), () -> good.equals(
                    client.getJson("/api/v1/sources").get("items").get(0).get("lastSyncedRevision").asString("")));

            Path chat = work.resolve(CHAT);
            Files.writeString(chat, Files.readString(chat)
                    .replace("hf://meta-llama/Llama-3.1-8B-Instruct", "hf://meta-llama-evil/Llama-3.1-8B-Instruct")
                    .replace("replicas: 2", "replicas: 3"));
            String bad = GitCli.commitAll(work, "Swap the chat model");
            client.sync();
            EngineClient.await("the bad commit assessed", Duration.ofSeconds(60), () -> bad.equals(
                    client.resource("ModelDeployment", "search", "llama-3-8b-chat").path("desiredRevision").asString("")));
            assertThat(reconciler.awaitIdle(30_000)).isTrue();
            client.sync(); // the same commit again: nothing new to say
            assertThat(reconciler.awaitIdle(30_000)).isTrue();

            JsonNode resource = client.resource("ModelDeployment", "search", "llama-3-8b-chat");
            assertThat(resource.path("operation").asString()).isEqualTo("Blocked");
            assertThat(resource.path("appliedRevision").asString()).isEqualTo(good);
            assertThat(resource.path("message").asString()).startsWith(CHAT + ":11: spec.model.uri:"
                    + " hf://meta-llama-evil/Llama-3.1-8B-Instruct is not allowed in namespace search (allowed:"
                    + " hf://meta-llama/, hf://acme/, hf://BAAI/, s3://acme-models/) [policy models.allowed-uris]");
            JsonNode live = client.getJson("/api/v1/resources/ModelDeployment/search/llama-3-8b-chat").path("observed");
            assertThat(live.at("/spec/model/uri").asString()).isEqualTo("hf://meta-llama/Llama-3.1-8B-Instruct");
            assertThat(live.at("/spec/replicas").asInt()).isEqualTo(2);

            List<JsonNode> events = new ArrayList<>();
            client.getJson("/api/v1/audit?name=llama-3-8b-chat").get("items").forEach(events::add);
            assertThat(events).filteredOn(e -> e.path("commit").asString().equals(bad)).singleElement()
                    .satisfies(event -> {
                        assertThat(event.path("action").asString()).isEqualTo("blocked");
                        assertThat(event.path("outcome").asString()).isEqualTo("blocked");
                        assertThat(event.path("backend").asString()).isEqualTo("sim-local");
                        assertThat(event.path("error").asString()).contains("[policy models.allowed-uris]");
                    });
            assertThat(events).filteredOn(e -> e.path("commit").asString().equals(good)).singleElement()
                    .satisfies(create -> assertThat(create.path("modelRevision").asString()).as("the revision deployed")
                            .isEqualTo("0e9e39f"));
            client.getJson("/api/v1/audit?name=bge-large-en").get("items").forEach(event ->
                    assertThat(event.has("modelRevision")).as("a model without a revision").isFalse());
            assertThat(client.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();

            JsonNode plan = client.getJson("/api/v1/plan");
            assertThat(plan.toString()).contains("hf://meta-llama-evil/Llama-3.1-8B-Instruct is not allowed in namespace"
                    + " search").doesNotContain("\"action\":\"delete\"");
        }
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
