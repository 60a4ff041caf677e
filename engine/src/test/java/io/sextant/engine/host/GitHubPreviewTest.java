package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.engine.host.GitHubJson.comment;
import static io.sextant.engine.host.GitHubJson.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pull request previews on a running engine: the plan of a pull request's head (pushed to
 * {@code refs/pull/N/head} of the served repository, as GitHub keeps it) against live state, posted
 * as one comment per pull request, updated in place on later pushes, with a {@code sextant/plan} status.
 */
class GitHubPreviewTest extends GitHubEngine {

    static final String CHAT = "teams/search/llama-3-8b-chat.yaml";

    @Autowired
    PreviewService previews;

    /** GitHub's comments of a pull request: a reviewer's, then ours once posted (found again by its marker). */
    static void commentsOf(int pr, long ours) {
        String path = "/repos/acme/fleet/issues/" + pr + "/comments";
        String scenario = "comments of #" + pr;
        String human = comment(5000 + pr, pr, "Looks good to me", "grace");
        GITHUB.stubFor(get(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs("Started")
                .willReturn(okJson(list(List.of(human)))));
        GITHUB.stubFor(post(urlPathEqualTo(path)).inScenario(scenario).willSetStateTo("commented")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(comment(ours, pr, PlanComment.MARKER + "\nplan", "sextant-bot"))));
        GITHUB.stubFor(get(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs("commented")
                .willReturn(okJson(list(List.of(human, comment(ours, pr, PlanComment.MARKER + "\nplan", "sextant-bot"))))));
        GITHUB.stubFor(patch(urlPathEqualTo("/repos/acme/fleet/issues/comments/" + ours))
                .willReturn(okJson(comment(ours, pr, PlanComment.MARKER + "\nplan", "sextant-bot"))));
    }

    static List<String> bodies(List<LoggedRequest> requests) {
        return requests.stream().map(r -> HostHttp.JSON.readTree(r.getBodyAsString()).get("body").asString()).toList();
    }

    @Test
    void aPullRequestGetsOnePlanCommentThatLaterPushesUpdateInPlace() throws Exception {
        commentsOf(7, 9007);
        String first = FLEET.pushPullRequest("scale-chat", "refs/pull/7/head", "search: 3 chat replicas",
                () -> FLEET.edit(CHAT, "replicas: 2", "replicas: 3"));

        PreviewService.Preview preview = previews.preview("fleet", 7, first);

        assertThat(preview.passed()).isTrue();
        List<String> posted = bodies(GITHUB.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments"))));
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0)).startsWith(PlanComment.MARKER + "\n### ✅ Sextant plan: 0 to create, 1 to update, 0 to delete")
                .contains("Source `fleet`, commit `" + first.substring(0, 7) + "` (search: 3 chat replicas)")
                .contains("| update | `ModelDeployment/search/llama-3-8b-chat` | sim-local | `/spec/replicas`: `2` → `3` |")
                .contains("- +1 H100-80GB on sim-local; pool has 1 free\n")
                .doesNotContain("Errors");
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + first, PreviewService.PLAN_CONTEXT);
        assertThat(status.get("state").asString()).isEqualTo("success");
        assertThat(status.get("description").asString()).isEqualTo("0 to create, 1 to update, 0 to delete");
        assertThat(status.get("target_url").asString()).isEqualTo("https://github.com/acme/fleet/pull/7#issuecomment-9007");

        String second = FLEET.pushPullRequest("scale-chat", "refs/pull/7/head", "search: 6 chat replicas",
                () -> FLEET.edit(CHAT, "replicas: 3", "replicas: 6"));
        PreviewService.Preview again = previews.preview("fleet", 7, second);

        assertThat(again.passed()).as("4 more H100s than the 1 free").isFalse();
        assertThat(again.commentId()).isEqualTo(9007);
        GITHUB.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")));
        List<String> patched = bodies(GITHUB.findAll(patchRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/comments/9007"))));
        assertThat(patched).hasSize(1);
        assertThat(patched.get(0)).startsWith(PlanComment.MARKER + "\n### ❌ Sextant plan: 0 to create, 1 to update")
                .contains("`/spec/replicas`: `2` → `6`")
                .contains("- +4 H100-80GB on sim-local; pool has 1 free — **more than the backend has free**")
                .contains("some replicas would find no free GPU");
        JsonNode failed = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + second, PreviewService.PLAN_CONTEXT);
        assertThat(failed.get("state").asString()).isEqualTo("failure");
        assertThat(failed.get("description").asString())
                .isEqualTo("0 to create, 1 to update, 0 to delete; +4 H100-80GB on sim-local; pool has 1 free");
        assertThat(client().resource("ModelDeployment", "search", "llama-3-8b-chat").get("appliedRevision").asString())
                .as("a preview applies nothing").isNotIn(first, second);
    }

    @Test
    void anInvalidSpecFailsThePlanAndTheCommentNamesFileAndLine() throws Exception {
        commentsOf(8, 9008);
        String head = FLEET.pushPullRequest("tensor-parallel", "refs/pull/8/head", "search: tensor parallel 2",
                () -> FLEET.edit(CHAT, "tensor-parallel-size: 1", "tensor-parallel-size: 2"));

        PreviewService.Preview preview = previews.preview("fleet", 8, head);

        assertThat(preview.passed()).isFalse();
        String body = bodies(GITHUB.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/8/comments")))).get(0);
        assertThat(body).contains("**Errors** (these resources would be left alone)")
                .contains("- `" + CHAT + ":18`: `spec.resources.gpu.count`: ");
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + head, PreviewService.PLAN_CONTEXT);
        assertThat(status.get("state").asString()).isEqualTo("failure");
        assertThat(status.get("description").asString()).endsWith("; 1 spec error");
    }

    @Test
    void aPolicyViolationFailsThePlanAndTheCommentNamesFileLineAndRule() throws Exception {
        commentsOf(11, 9011);
        String head = FLEET.pushPullRequest("remote-code", "refs/pull/11/head", "search: trust remote code",
                () -> FLEET.edit(CHAT, "enable-lora: true", "enable-lora: true, trust_remote_code: true"));

        PreviewService.Preview preview = previews.preview("fleet", 11, head);

        assertThat(preview.passed()).isFalse();
        String body = bodies(GITHUB.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/11/comments")))).get(0);
        assertThat(body).contains("**Errors** (these resources would be left alone)")
                .contains("- `" + CHAT + ":16`: `spec.runtime.args.trust_remote_code`: runtime argument"
                        + " trust_remote_code is denied in namespace search [policy runtime-args.denied]");
    }

    @Test
    void aPastedTokenFailsThePlanAndNeitherTheCommentNorTheStatusRepeatsIt() throws Exception {
        String token = "ghp_" + "q7W2e9R4t1Y6u3I8o5P0a2S7d4F9g6H1j3K8";
        commentsOf(12, 9012);
        String head = FLEET.pushPullRequest("pasted-token", "refs/pull/12/head", "search: a token for the hub",
                () -> FLEET.edit(CHAT, "enable-lora: true}", "enable-lora: true}\n    env: {GITHUB_TOKEN: " + token + "}"));

        PreviewService.Preview preview = previews.preview("fleet", 12, head);

        assertThat(preview.passed()).isFalse();
        String body = bodies(GITHUB.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/12/comments")))).get(0);
        assertThat(body).contains("- `" + CHAT + ":17`: `spec.runtime.env.GITHUB_TOKEN`: looks like a literal GitHub token"
                + " (ghp_…(redacted))").doesNotContain(token);
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + head, PreviewService.PLAN_CONTEXT);
        assertThat(status.toString()).doesNotContain(token);
    }

    @Test
    void aSignedPullRequestWebhookPostsThePreviewOfItsHead() throws Exception {
        commentsOf(9, 9009);
        String head = FLEET.pushPullRequest("embeddings", "refs/pull/9/head", "embeddings: 3 replicas",
                () -> FLEET.edit("teams/embeddings/bge-large-en.yaml", "replicas: 2", "replicas: 3"));
        ObjectNode event = pullRequestEvent("pull_request.opened.payload.json", 9);
        ((ObjectNode) event.get("pull_request").get("head")).put("sha", head).put("ref", "embeddings");

        HttpResponse<String> response = deliver("pull_request", "9f1c2d3e-0000-11ef-8000-000000000009", event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + head, PreviewService.PLAN_CONTEXT);
        assertThat(status.get("state").asString()).isEqualTo("success");
        assertThat(bodies(GITHUB.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/9/comments")))))
                .singleElement().asString()
                .contains("| update | `ModelDeployment/embeddings/bge-large-en` | sim-local | `/spec/replicas`: `2` → `3` |")
                .contains("- +1 L4-24GB on sim-local; pool has 6 free");
    }
}
