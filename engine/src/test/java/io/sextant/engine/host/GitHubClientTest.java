package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.engine.host.GitHubJson.comment;
import static io.sextant.engine.host.GitHubJson.list;
import static io.sextant.engine.host.GitHubJson.pull;
import static io.sextant.engine.host.GitHubJson.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub client against WireMock stubs of the REST API's real request and response shapes. */
class GitHubClientTest {

    static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    static final HostHttpSettings FAST =
            new HostHttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), 3, Duration.ofMillis(10));

    WireMockServer github;
    GitHubClient client;

    @BeforeEach
    void start() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        client = new GitHubClient(github.baseUrl(), GitHubJson.REPO, TOKEN, FAST);
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void sendsTheTokenAndApiVersionAndReadsEveryPageOfComments() throws Exception {
        String page2 = github.baseUrl() + "/repositories/1/issues/7/comments?per_page=100&page=2";
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(list(List.of(comment(3, 7, "third", "grace"))))));
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")).atPriority(10)
                .willReturn(okJson(list(List.of(comment(1, 7, "first", "ada"), comment(2, 7, "second", "ada"))))
                        .withHeader("Link", "<" + page2.replace("/repositories/1", "/repos/acme/fleet")
                                + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")));

        List<HostClient.Comment> comments = client.comments(7);

        assertThat(comments).extracting(HostClient.Comment::body).containsExactly("first", "second", "third");
        assertThat(comments.get(0).url()).isEqualTo("https://github.com/acme/fleet/pull/7#issuecomment-1");
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void createsAndUpdatesACommentInPlace() throws Exception {
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/issues/7/comments"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(comment(55, 7, "plan v1", "sextant-bot"))));
        github.stubFor(patch(urlPathEqualTo("/repos/acme/fleet/issues/comments/55"))
                .willReturn(okJson(comment(55, 7, "plan v2", "sextant-bot"))));

        assertThat(client.createComment(7, "plan v1").id()).isEqualTo(55);
        assertThat(client.updateComment(7, 55, "plan v2").body()).isEqualTo("plan v2");

        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments"))
                .withRequestBody(equalToJson("{\"body\": \"plan v1\"}")));
        github.verify(patchRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/comments/55"))
                .withRequestBody(equalToJson("{\"body\": \"plan v2\"}")));
    }

    @Test
    void postsACommitStatusWithADescriptionGitHubAccepts() throws Exception {
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/statuses/abc123")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 1, \"state\": \"failure\"}")));

        client.setStatus("abc123", HostClient.CommitState.FAILURE, "sextant/plan", "x".repeat(300), "https://x/1");

        String body = github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/statuses/abc123")))
                .get(0).getBodyAsString();
        assertThat(HostHttp.JSON.readTree(body).get("state").asString()).isEqualTo("failure");
        assertThat(HostHttp.JSON.readTree(body).get("context").asString()).isEqualTo("sextant/plan");
        assertThat(HostHttp.JSON.readTree(body).get("target_url").asString()).isEqualTo("https://x/1");
        assertThat(HostHttp.JSON.readTree(body).get("description").asString()).hasSize(140);
    }

    @Test
    void countsEachReviewersLatestSayOnly() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls/12/reviews")).willReturn(okJson(list(List.of(
                review(1, "grace", "APPROVED"),
                review(2, "grace", "COMMENTED"),          // a comment after approving keeps the approval
                review(3, "linus", "APPROVED"),
                review(4, "linus", "CHANGES_REQUESTED"),  // then changed their mind
                review(5, "ken", "CHANGES_REQUESTED"),
                review(6, "ken", "APPROVED"),
                review(7, "barbara", "APPROVED"),
                review(8, "barbara", "DISMISSED"))))));

        assertThat(client.approvers(12)).containsExactly("grace", "ken");
    }

    @Test
    void readsWhetherACommitsPullRequestsAreMerged() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/commits/c0ffee/pulls")).willReturn(okJson(list(List.of(
                pull(12, true, "c0ffee", "ada"), pull(13, false, null, "bob"))))));

        assertThat(client.pullRequestsOf("c0ffee")).containsExactly(
                new HostClient.PullRequest(12, true, "c0ffee", "ada"),
                new HostClient.PullRequest(13, false, null, "bob"));
    }

    @Test
    void aRefusalCarriesGitHubsMessageAndIsNotRetried() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(GitHubJson.error("Not Found", "issues/comments#list-issue-comments"))));
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/statuses/abc")).willReturn(aResponse()
                .withStatus(422).withHeader("Content-Type", "application/json").withBody(GitHubJson.validationFailed())));

        HostApiException notFound = catchThrowableOfType(HostApiException.class, () -> client.comments(7));
        HostApiException invalid = catchThrowableOfType(HostApiException.class, () ->
                client.setStatus("abc", HostClient.CommitState.SUCCESS, "sextant/plan", "ok", null));

        assertThat(notFound.getMessage()).isEqualTo("GitHub API GET /repos/acme/fleet/issues/7/comments answered 404: Not Found");
        assertThat(notFound.unavailable()).isFalse();
        assertThat(invalid.getMessage()).isEqualTo("GitHub API POST /repos/acme/fleet/statuses/abc answered 422: "
                + "Validation Failed (description is too long (maximum is 140 characters))");
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")));
        github.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/statuses/abc")));
    }

    @Test
    void retriesServerErrorsAndSucceedsWhenGitHubRecovers() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/commits/c0ffee/pulls")).inScenario("flaky")
                .whenScenarioStateIs("Started").willSetStateTo("one failure")
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/commits/c0ffee/pulls")).inScenario("flaky")
                .whenScenarioStateIs("one failure").willSetStateTo("recovered")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/commits/c0ffee/pulls")).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(okJson("[]")));

        assertThat(client.pullRequestsOf("c0ffee")).isEmpty();
        github.verify(3, getRequestedFor(urlPathEqualTo("/repos/acme/fleet/commits/c0ffee/pulls")));
    }

    @Test
    void givesUpAfterAFewTimeoutsWithAnAnswerThatNamesNoToken() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls/12/reviews"))
                .willReturn(okJson("[]").withFixedDelay(6_000)));

        HostApiException e = catchThrowableOfType(HostApiException.class, () -> client.approvers(12));

        assertThat(e.getMessage()).isEqualTo("GitHub API GET /repos/acme/fleet/pulls/12/reviews failed: "
                + "no answer within the timeout");
        assertThat(e.unavailable()).isTrue();
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        github.verify(3, getRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls/12/reviews")));
    }

    @Test
    void doesNotRepeatACommentWhoseAnswerWasLost() {
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/issues/7/comments"))
                .willReturn(okJson(comment(1, 7, "x", "bot")).withFixedDelay(6_000)));

        HostApiException e = catchThrowableOfType(HostApiException.class, () -> client.createComment(7, "x"));

        assertThat(e.unavailable()).isTrue();
        github.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")));
    }

    @Test
    void refusesToFollowPaginationToAnotherHost() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/issues/7/comments")).willReturn(okJson("[]")
                .withHeader("Link", "<https://evil.example/steal?page=2>; rel=\"next\"")));

        HostApiException e = catchThrowableOfType(HostApiException.class, () -> client.comments(7));

        assertThat(e.getMessage()).contains("paginates to another address");
    }
}
