package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.engine.host.GitHubJson.list;
import static io.sextant.engine.host.GitLabJson.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitLab client against WireMock stubs of the v4 API's real request and response shapes. */
class GitLabClientTest {

    static final String TOKEN = "glpat-4mYv7Hc9xQzK1sLpW2nR";
    static final String MR = "/api/v4/projects/" + GitLabJson.PROJECT + "/merge_requests/5";

    WireMockServer gitlab;
    GitLabClient client;

    @BeforeEach
    void start() {
        gitlab = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        gitlab.start();
        // Configured without /api/v4, as people often write the instance URL: the client adds it.
        client = new GitLabClient(gitlab.baseUrl(), "acme/fleet", TOKEN, GitHubClientTest.FAST);
    }

    @AfterEach
    void stop() {
        gitlab.stop();
    }

    @Test
    void listsUserNotesOfAMergeRequestWithThePrivateToken() throws Exception {
        gitlab.stubFor(get(urlPathEqualTo(MR + "/notes")).willReturn(okJson(list(List.of(
                note(1, 5, "added 1 commit", "ada", true),
                note(2, 5, "<!-- sextant-plan -->\nplan", "sextant-bot", false),
                note(3, 5, "looks good", "grace", false))))));

        assertThat(client.comments(5)).extracting(HostClient.Comment::id).containsExactly(2L, 3L);
        gitlab.verify(getRequestedFor(urlPathEqualTo(MR + "/notes")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withQueryParam("sort", equalTo("asc")).withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void createsAndEditsANote() throws Exception {
        gitlab.stubFor(post(urlPathEqualTo(MR + "/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(note(301, 5, "v1", "sextant-bot", false))));
        gitlab.stubFor(put(urlPathEqualTo(MR + "/notes/301")).willReturn(okJson(note(301, 5, "v2", "sextant-bot", false))));

        assertThat(client.createComment(5, "v1").id()).isEqualTo(301);
        assertThat(client.updateComment(5, 301, "v2").body()).isEqualTo("v2");

        gitlab.verify(postRequestedFor(urlPathEqualTo(MR + "/notes")).withRequestBody(equalToJson("{\"body\": \"v1\"}")));
        gitlab.verify(putRequestedFor(urlPathEqualTo(MR + "/notes/301")).withRequestBody(equalToJson("{\"body\": \"v2\"}")));
    }

    @Test
    void postsACommitStatusInGitLabsWords() throws Exception {
        String path = "/api/v4/projects/" + GitLabJson.PROJECT + "/statuses/abc123";
        gitlab.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(GitLabJson.status("abc123", "failed", "sextant/plan"))));

        client.setStatus("abc123", HostClient.CommitState.FAILURE, "sextant/plan", "1 spec error", null);

        gitlab.verify(postRequestedFor(urlPathEqualTo(path)).withRequestBody(equalToJson(
                "{\"state\": \"failed\", \"name\": \"sextant/plan\", \"description\": \"1 spec error\"}")));
    }

    @Test
    void readsMergeRequestsOfACommitAndTheirApprovers() throws Exception {
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/" + GitLabJson.PROJECT
                + "/repository/commits/c0ffee/merge_requests")).willReturn(okJson(list(List.of(
                GitLabJson.mergeRequest(5, "merged", "c0ffee", "ada"), GitLabJson.mergeRequest(6, "opened", null, "bob"))))));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/approvals")).willReturn(okJson(GitLabJson.approvals(5, "grace", "ken"))));

        assertThat(client.pullRequestsOf("c0ffee")).containsExactly(
                new HostClient.PullRequest(5, true, "c0ffee", "ada"), new HostClient.PullRequest(6, false, null, "bob"));
        assertThat(client.approvers(5)).containsExactly("grace", "ken");
    }

    @Test
    void errorsCarryGitLabsMessageInEachOfItsShapes() {
        gitlab.stubFor(get(urlPathEqualTo(MR + "/approvals")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"404 Project Not Found\"}")));
        gitlab.stubFor(post(urlPathEqualTo(MR + "/notes")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":{\"note\":[\"can't be blank\"]}}")));
        gitlab.stubFor(post(urlPathEqualTo("/api/v4/projects/" + GitLabJson.PROJECT + "/statuses/abc"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"state does not have a valid value\"}")));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/notes")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_token\",\"error_description\":\"Token was revoked. You have to re-authorize from the user.\"}")));

        assertThat(catchThrowableOfType(HostApiException.class, () -> client.approvers(5)).getMessage())
                .isEqualTo("GitLab API GET " + MR.substring(7) + "/approvals answered 404: 404 Project Not Found");
        assertThat(catchThrowableOfType(HostApiException.class, () -> client.createComment(5, "")).getMessage())
                .endsWith("answered 400: {\"note\":[\"can't be blank\"]}");
        assertThat(catchThrowableOfType(HostApiException.class, () ->
                client.setStatus("abc", HostClient.CommitState.SUCCESS, "x", "y", null)).getMessage())
                .endsWith("answered 400: state does not have a valid value");
        HostApiException unauthorized = catchThrowableOfType(HostApiException.class, () -> client.comments(5));
        assertThat(unauthorized.getMessage()).endsWith("answered 401: invalid_token: Token was revoked. You have to"
                + " re-authorize from the user.").doesNotContain(TOKEN);
        assertThat(unauthorized.unavailable()).isFalse();
    }
}
