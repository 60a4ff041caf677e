package io.sextant.engine.host;

import io.sextant.spec.kinds.ModelDeployment;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.cli.SextantCli;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * One planner: a commit that breaks the file of a deployment an adapter (and a route) in other files refer
 * to. The engine keeps the deployment live and shows one error; the pull request preview, {@code GET
 * /api/v1/plan} and the {@code plan} command show it kept with that error and delete nothing, and
 * {@code validate} of the tree prints that one error too. A commit that really removes a file still plans
 * the deletion.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenFilePlanTest extends BrokenFileEngine {

    @Test
    @Order(1)
    void aPullRequestThatBreaksAFileIsPreviewedAsKeepingItsResourcesNotDeletingThem() throws Exception {
        EngineClient.await("the fleet applied", Duration.ofSeconds(60), () -> {
            JsonNode chat = client().resource("LoraAdapter", "search", "sql-lora");
            return chat != null && IMPORT.equals(chat.path("appliedRevision").asString(null));
        });
        String path = "/repos/acme/fleet/issues/21/comments";
        GITHUB.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("[]")));
        GITHUB.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(GitHubJson.comment(9021, 21, PlanComment.MARKER + "\nplan", "sextant-bot"))));
        String head = FLEET.pushPullRequest("break-chat", "refs/pull/21/head", "chat: unclosed list",
                () -> FLEET.edit(CHAT, "replicas: 2", "replicas: [2"));

        PreviewService.Preview preview = previews.preview("fleet", 21, head);

        assertThat(preview.passed()).isFalse();
        assertThat(preview.summary()).isEqualTo("0 to create, 0 to update, 0 to delete, 1 kept; 1 spec error");
        String body = HostHttp.JSON.readTree(GITHUB.findAll(postRequestedFor(urlPathEqualTo(path))).get(0)
                .getBodyAsString()).get("body").asString();
        assertThat(body).contains("### ❌ Sextant plan: 0 to create, 0 to update, 0 to delete, 1 kept\n")
                .contains("| kept | `ModelDeployment/search/llama-3-8b-chat` | sim-local | "
                        + KEPT.replace("<", "&lt;").replace(">", "&gt;") + " |\n")
                .doesNotContain("| delete |").doesNotContain("not found");
        assertThat(body.lines().filter(line -> line.startsWith("- `"))).as("the errors listed")
                .containsExactly("- `" + CHAT + ":19`: invalid YAML: expected ',' or ']', but got &lt;stream end&gt;"
                        + " (while parsing a flow sequence)");
    }

    @Test
    @Order(2)
    void theEngineKeepsTheDeploymentOfABrokenFileLiveAndShowsOneError() throws Exception {
        FLEET.edit(CHAT, "replicas: 2", "replicas: [2");
        String broken = FLEET.pushToMain("chat: unclosed list");

        client().sync();
        assertThat(reconciler.awaitIdle(30_000)).isTrue();

        JsonNode source = client().getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("lastFetchedRevision").asString()).isEqualTo(broken);
        assertThat(source.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("path").asString()).isEqualTo(CHAT);
            assertThat(error.get("line").asInt()).isEqualTo(19);
            assertThat(error.get("message").asString()).isEqualTo(BROKEN_CHAT);
        });
        JsonNode chat = client().resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(chat.get("appliedRevision").asString()).isEqualTo(IMPORT);
        assertThat(chat.get("message").asString()).isEqualTo(KEPT);
        assertThat(backends.find("sim-local").orElseThrow()
                .observe(new ResourceKey(ModelDeployment.KIND, "search", "llama-3-8b-chat"))).as("still live").isPresent();
        JsonNode adapter = client().resource("LoraAdapter", "search", "sql-lora");
        assertThat(adapter.get("sync").asString()).isEqualTo("Synced");
        assertThat(adapter.get("message").asString()).doesNotContain("not found");
    }

    @Test
    @Order(3)
    void thePlanAndValidateOfTheBrokenCommitShowTheSameOneErrorAndKeepTheDeployment() {
        String broken = FLEET.head();

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + broken);

        assertThat(plan.get("changes").asInt()).isZero();
        assertThat(plan.get("steps")).isEmpty();
        assertThat(plan.get("errors")).singleElement()
                .satisfies(error -> assertThat(error.get("message").asString()).isEqualTo(BROKEN_CHAT));
        assertThat(plan.get("kept")).singleElement().satisfies(kept -> {
            assertThat(kept.get("resource").get("kind").asString()).isEqualTo("ModelDeployment");
            assertThat(kept.get("resource").get("name").asString()).isEqualTo("llama-3-8b-chat");
            assertThat(kept.get("backend").asString()).isEqualTo("sim-local");
            assertThat(kept.get("appliedRevision").asString()).isEqualTo(IMPORT);
            assertThat(kept.get("reason").asString()).isEqualTo(KEPT);
        });
        assertThat(planCommand(broken, 1).lines()).containsExactly(
                "Plan of source fleet at " + broken.substring(0, 7) + " (chat: unclosed list):",
                "= kept ModelDeployment/search/llama-3-8b-chat on sim-local: " + KEPT,
                BROKEN_CHAT,
                "No changes: live state keeps the resources above as they are.",
                "Plan: 0 to create, 0 to update, 0 to delete, 1 kept; 1 spec error (those resources are left alone).");

        ByteArrayOutputStream validated = new ByteArrayOutputStream();
        int code = SextantCli.run(new String[] {"validate", "--paths", "teams/", FLEET.work.toString()},
                new PrintStream(validated, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isEqualTo(1);
        int engineErrors = client().getJson("/api/v1/sources").get("items").get(0).get("errors").size();
        assertThat(validated.toString(StandardCharsets.UTF_8).lines()).as("validate, as the engine and the plan")
                .containsExactly(BROKEN_CHAT).hasSize(engineErrors).hasSize(plan.get("errors").size());
    }

    @Test
    @Order(4)
    void aPreviewOfACommitThatRemovesAFileStillPlansItsDeletion() {
        String head = FLEET.pushPullRequest("retire-reranker", "refs/pull/22/head", "retire the reranker",
                () -> git(FLEET.work, "rm", "-q", RERANKER));

        List<String> plan = planCommand(head, 1).lines().toList();

        assertThat(plan).contains("- delete ModelDeployment/ranking/bge-reranker on sim-local",
                "= kept ModelDeployment/search/llama-3-8b-chat on sim-local: " + KEPT,
                "Plan: 0 to create, 0 to update, 1 to delete, 1 kept; 1 spec error (those resources are left alone).");
    }

    @Test
    @Order(5)
    void aResourceMovedIntoAFileThatFailsToLoadIsKeptNotDeleted() {
        String head = FLEET.pushPullRequest("move-reranker", "refs/pull/23/head", "move the reranker", () -> {
            git(FLEET.work, "mv", RERANKER, "teams/ranking/reranker.yaml");
            FLEET.edit("teams/ranking/reranker.yaml", "replicas: 2", "replicas: [2");
        });

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + head);

        assertThat(plan.get("steps")).as("nothing deleted").isEmpty();
        assertThat(plan.get("kept")).extracting(k -> k.get("resource").get("name").asString())
                .containsExactly("bge-reranker", "llama-3-8b-chat");
        assertThat(plan.get("kept").get(0).get("reason").asString()).startsWith("teams/ranking/reranker.yaml:");
        assertThat(plan.get("errors")).hasSize(2);
    }

    @Test
    @Order(6)
    void anAdapterOfANewDeploymentWhoseFileFailsIsLeftAloneWithThatFilesErrorOnly() {
        String head = FLEET.pushPullRequest("new-model", "refs/pull/24/head", "qwen with an adapter", () -> {
            write(FLEET.work.resolve("teams/search/qwen.yaml"), """
                    apiVersion: sextant.io/v1
                    kind: ModelDeployment
                    metadata: {name: qwen, namespace: search}
                    spec: {backend: sim-local, replicas: [1
                    """);
            write(FLEET.work.resolve("teams/search/qwen-lora.yaml"), """
                    apiVersion: sextant.io/v1
                    kind: LoraAdapter
                    metadata: {name: qwen-lora, namespace: search}
                    spec: {deployment: qwen, uri: hf://acme/qwen-lora}
                    """);
        });

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + head);

        assertThat(plan.get("steps")).as("the adapter waits for its deployment's file").isEmpty();
        assertThat(plan.get("errors")).extracting(e -> e.get("path").asString())
                .containsExactlyInAnyOrder(CHAT, "teams/search/qwen.yaml");
        assertThat(plan.toString()).doesNotContain("not found");
    }
}
