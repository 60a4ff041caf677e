package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.sextant.engine.host.GitHubJson.list;
import static io.sextant.engine.host.GitLabJson.note;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.sextant.engine.EngineClient;
import io.sextant.engine.reconcile.Reconciler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The same pull request workflow on "GitLab": merge request approvals gate what is applied, the
 * sync outcome and previews go back as commit statuses and one merge request note updated in place.
 * The GitLab API is WireMock speaking its v4 shapes; the repository is served over smart HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitLabPullRequestsTest {

    static final String ADMIN = "gitlab-test-admin";
    static final String PROJECT = "/api/v4/projects/" + GitLabJson.PROJECT;
    static final FleetRepo FLEET = new FleetRepo("sextant-gitlab");
    static final WireMockServer GITLAB = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final String IMPORT = FLEET.head();

    static {
        GITLAB.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            GITLAB.stop();
            FLEET.close();
        }));
        GITLAB.stubFor(get(urlPathMatching(PROJECT.replace("%", "\\%") + "/repository/commits/[0-9a-f]{40}/merge_requests"))
                .atPriority(10).willReturn(okJson("[]")));
        GITLAB.stubFor(post(urlPathMatching(PROJECT.replace("%", "\\%") + "/statuses/[0-9a-f]{40}")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(GitLabJson.status(IMPORT, "success", "sextant/sync"))));
        GITLAB.stubFor(get(urlPathEqualTo(PROJECT + "/repository/commits/" + IMPORT + "/merge_requests"))
                .willReturn(okJson(list(List.of(GitLabJson.mergeRequest(1, "merged", IMPORT, "ada"))))));
        GITLAB.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/1/approvals"))
                .willReturn(okJson(GitLabJson.approvals(1, "ada", "grace"))));
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> FLEET.root.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", FLEET::url);
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sources[0].auth.username", () -> FleetRepo.GIT_USER);
        registry.add("sextant.sources[0].auth.token-file", () -> FLEET.root.resolve("git-token").toString());
        registry.add("sextant.sources[0].host.type", () -> "gitlab");
        registry.add("sextant.sources[0].host.api-url", () -> GITLAB.baseUrl() + "/api/v4");
        registry.add("sextant.sources[0].host.repository", () -> "acme/fleet");
        registry.add("sextant.sources[0].host.token-file", () -> FLEET.root.resolve("host-token").toString());
        registry.add("sextant.sources[0].approval.provider", () -> "gitlab");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[A100-40GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[L4-24GB]", () -> "8");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    PreviewService previews;

    EngineClient client() {
        return new EngineClient(port, ADMIN);
    }

    JsonNode auditOf(String commit) {
        return client().getJson("/api/v1/audit?commit=" + commit).get("items");
    }

    @Test
    @Order(1)
    void anApprovedMergeRequestIsAppliedAndItsEventsNameItsApproversButNotItsAuthor() {
        EngineClient.await("the imported fleet applied", Duration.ofSeconds(60), () -> auditOf(IMPORT).size() == 7);

        for (JsonNode event : auditOf(IMPORT)) {
            assertThat(event.get("pullRequest").asInt()).isEqualTo(1);
            assertThat(event.get("approvedBy").toString()).isEqualTo("[\"grace\"]");
        }
        JsonNode status = PostedStatuses.await(GITLAB, PROJECT + "/statuses/" + IMPORT, "sextant/sync");
        assertThat(status.get("state").asString()).isEqualTo("success");
    }

    @Test
    @Order(2)
    void aCommitWithoutAMergeRequestIsBlockedAndItsStatusFails() throws Exception {
        FLEET.edit("teams/ranking/bge-reranker.yaml", "replicas: 2", "replicas: 1");
        String commit = FLEET.pushToMain("ranking: one reranker, no review");

        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).isTrue();

        JsonNode events = auditOf(commit);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("blocked");
        assertThat(events.get(0).get("error").asString()).isEqualTo("commit " + commit.substring(0, 7)
                + " is not from a merged pull request with 1 approval (found: no pull request)");
        JsonNode status = PostedStatuses.await(GITLAB, PROJECT + "/statuses/" + commit, "sextant/sync");
        assertThat(status.get("state").asString()).isEqualTo("failed");
    }

    @Test
    @Order(3)
    void aMergeRequestGetsOnePlanNoteUpdatedInPlaceAndAPlanStatus() throws Exception {
        String notes = PROJECT + "/merge_requests/5/notes";
        String plan = PlanComment.MARKER + "\nplan";
        GITLAB.stubFor(get(urlPathEqualTo(notes)).inScenario("notes").whenScenarioStateIs("Started")
                .willReturn(okJson(list(List.of(note(1, 5, "added 1 commit", "ada", true))))));
        GITLAB.stubFor(post(urlPathEqualTo(notes)).inScenario("notes").willSetStateTo("noted").willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody(note(77, 5, plan, "sextant-bot", false))));
        GITLAB.stubFor(get(urlPathEqualTo(notes)).inScenario("notes").whenScenarioStateIs("noted")
                .willReturn(okJson(list(List.of(note(1, 5, "added 1 commit", "ada", true), note(77, 5, plan, "sextant-bot", false))))));
        GITLAB.stubFor(put(urlPathEqualTo(notes + "/77")).willReturn(okJson(note(77, 5, plan, "sextant-bot", false))));
        String chat = "teams/search/llama-3-8b-chat.yaml";
        String first = FLEET.pushPullRequest("mr-5", "refs/merge-requests/5/head", "search: 3 chat replicas",
                () -> FLEET.edit(chat, "replicas: 2", "replicas: 3"));
        String second = FLEET.pushPullRequest("mr-5", "refs/merge-requests/5/head", "search: 4 chat replicas",
                () -> FLEET.edit(chat, "replicas: 3", "replicas: 4"));

        assertThat(previews.preview("fleet", 5, first).passed()).isTrue();
        assertThat(previews.preview("fleet", 5, second).passed()).as("+2 H100 with 1 free").isFalse();

        GITLAB.verify(1, postRequestedFor(urlPathEqualTo(notes)));
        GITLAB.verify(1, putRequestedFor(urlPathEqualTo(notes + "/77")));
        String updated = HostHttp.JSON.readTree(GITLAB.findAll(putRequestedFor(urlPathEqualTo(notes + "/77")))
                .get(0).getBodyAsString()).get("body").asString();
        assertThat(updated).contains("`/spec/replicas`: `2` → `4`").contains("+2 H100-80GB on sim-local; pool has 1 free");
        assertThat(PostedStatuses.await(GITLAB, PROJECT + "/statuses/" + first, "sextant/plan").get("state").asString())
                .isEqualTo("success");
        assertThat(PostedStatuses.await(GITLAB, PROJECT + "/statuses/" + second, "sextant/plan").get("state").asString())
                .isEqualTo("failed");
    }
}
