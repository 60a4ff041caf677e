package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.sextant.engine.config.SourceProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revert pull requests (GitHub) and merge requests (GitLab) against WireMock stubs of the hosts' documented
 * answers, including GitHub's 422 and GitLab's 409 "already exists" when another replica opened it first.
 */
class PullRequestOpenerTest {

    static final String BRANCH = "sextant/rollback-search-llama-0123456789ab";
    static final String GITHUB_422 = """
            {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom",
             "message": "A pull request already exists for acme:sextant/rollback-search-llama-0123456789ab."}],
             "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", "status": "422"}
            """;
    static final String GITLAB_409 = """
            {"message": ["Another open merge request already exists for this source branch: !5"]}
            """;

    @TempDir
    Path tmp;
    WireMockServer host;

    @BeforeEach
    void start() {
        host = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        host.start();
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    private PullRequestOpener opener(String type) throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "tok-123456\n");
        SourceProperties source = new SourceProperties("fleet", "https://git.example.com/acme/fleet.git", "main",
                List.of(), null, null, new SourceProperties.HostProperties(type, host.baseUrl(), "acme/fleet", null,
                token.toString()), null, null, null, null, null);
        return new PullRequestOpener(new HostClients(List.of(source), GitHubClientTest.FAST));
    }

    static String githubPull(int number) {
        return """
                {"url": "https://api.github.com/repos/acme/fleet/pulls/%d", "id": 1%d, "number": %d, "state": "open",
                 "html_url": "https://github.com/acme/fleet/pull/%d", "title": "Roll back search/llama",
                 "head": {"ref": "%s"}, "base": {"ref": "main"}, "merged_at": null}
                """.formatted(number, number, number, number, BRANCH);
    }

    @Test
    void opensAGitHubPullRequestFromTheBranchIntoTheWatchedOne() throws Exception {
        host.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls")).willReturn(okJson("[]")));
        host.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(githubPull(7))));

        PullRequestOpener.Result result = opener("github").open("fleet", BRANCH, "main", "Roll back", "evidence");

        assertThat(result).isEqualTo(new PullRequestOpener.Result(7, "https://github.com/acme/fleet/pull/7", true));
        host.verify(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls"))
                .withHeader("Authorization", equalTo("Bearer tok-123456"))
                .withRequestBody(matchingJsonPath("$.head", equalTo(BRANCH)))
                .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
                .withRequestBody(matchingJsonPath("$.body", equalTo("evidence"))));
    }

    @Test
    void aGitHubPullRequestAnotherReplicaOpenedFirstIsFoundAfterThe422() throws Exception {
        host.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls")).inScenario("race").whenScenarioStateIs(STARTED)
                .withQueryParam("head", equalTo("acme:" + BRANCH)).willReturn(okJson("[]")));
        host.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls")).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody(GITHUB_422)).willSetStateTo("exists"));
        host.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls")).inScenario("race").whenScenarioStateIs("exists")
                .willReturn(okJson("[" + githubPull(9) + "]")));

        PullRequestOpener.Result result = opener("github").open("fleet", BRANCH, "main", "Roll back", "evidence");

        assertThat(result).isEqualTo(new PullRequestOpener.Result(9, "https://github.com/acme/fleet/pull/9", false));
        host.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls")));
    }

    @Test
    void aGitHubOutageFailsWithTheHostsStatusToBeRetriedLater() throws Exception {
        host.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls")).willReturn(okJson("[]")));
        host.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Server Error\"}")));

        HostApiException e = catchThrowableOfType(HostApiException.class,
                () -> opener("github").open("fleet", BRANCH, "main", "Roll back", "evidence"));

        assertThat(e.unavailable()).isTrue();
        assertThat(e).hasMessageContaining("POST /repos/acme/fleet/pulls answered 502: Server Error")
                .hasMessageNotContaining("tok-123456");
    }

    @Test
    void aGitLabMergeRequestThatExistsIsFoundAfterThe409() throws Exception {
        String mrs = "/api/v4/projects/acme%2Ffleet/merge_requests";
        host.stubFor(get(urlPathEqualTo(mrs)).inScenario("race").whenScenarioStateIs(STARTED)
                .withQueryParam("source_branch", equalTo(BRANCH)).willReturn(okJson("[]")));
        host.stubFor(post(urlPathEqualTo(mrs)).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(GITLAB_409)).willSetStateTo("exists"));
        host.stubFor(get(urlPathEqualTo(mrs)).inScenario("race").whenScenarioStateIs("exists").willReturn(okJson("""
                [{"id": 105, "iid": 5, "project_id": 3, "title": "Roll back search/llama", "state": "opened",
                  "source_branch": "%s", "target_branch": "main",
                  "web_url": "https://gitlab.example.com/acme/fleet/-/merge_requests/5"}]
                """.formatted(BRANCH))));

        PullRequestOpener.Result result = opener("gitlab").open("fleet", BRANCH, "main", "Roll back", "evidence");

        assertThat(result).isEqualTo(new PullRequestOpener.Result(5,
                "https://gitlab.example.com/acme/fleet/-/merge_requests/5", false));
        host.verify(postRequestedFor(urlPathEqualTo(mrs)).withHeader("PRIVATE-TOKEN", equalTo("tok-123456"))
                .withRequestBody(matchingJsonPath("$.source_branch", equalTo(BRANCH)))
                .withRequestBody(matchingJsonPath("$.target_branch", equalTo("main")))
                .withRequestBody(matchingJsonPath("$.description", equalTo("evidence"))));
    }
}
