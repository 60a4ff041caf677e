package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.engine.host.GitHubJson.list;
import static io.sextant.engine.host.GitHubJson.pull;
import static io.sextant.engine.host.GitHubJson.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.sextant.engine.reconcile.GateVerdict;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The approval gate deciding on commits, asking a WireMock GitHub (and GitLab) shaped like the real APIs. */
@ExtendWith(OutputCaptureExtension.class)
class ApprovalGateTest {

    static final String COMMIT = "c0ffee1234567890c0ffee1234567890c0ffee12";
    static final String PULLS = "/repos/acme/fleet/commits/" + COMMIT + "/pulls";

    @TempDir
    Path tmp;
    WireMockServer host;
    MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        host = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        host.start();
        Files.writeString(tmp.resolve("token"), GitHubClientTest.TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    List<WatchedSource> registry(String type, int minApprovals) {
        return HostConfig.sources("""
                sextant:
                  data-dir: %s
                  sources:
                    - name: fleet
                      url: %s
                      host: {type: %s, api-url: "%s", repository: acme/fleet, token-file: %s}
                      approval: {provider: %s, min-approvals: %d}
                """.formatted(tmp.resolve("data"), tmp.resolve("repo"), type, host.baseUrl(), tmp.resolve("token"),
                type, minApprovals));
    }

    GateVerdict evaluate(String type, int minApprovals) {
        List<WatchedSource> sources = registry(type, minApprovals);
        return new ApprovalGate(clients(sources), clock).evaluate(sources.get(0), commit());
    }

    static HostClients clients(List<WatchedSource> sources) {
        return new HostClients(HostConfig.properties(sources), GitHubClientTest.FAST);
    }

    static CommitInfo commit() {
        return new CommitInfo(COMMIT, "Ada <ada@example.com>", "scale llama\n", Instant.parse("2026-11-20T11:00:00Z"));
    }

    void reviews(int number, String... reviews) {
        host.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls/" + number + "/reviews")).willReturn(okJson(list(List.of(reviews)))));
    }

    @Test
    void aMergedPullRequestApprovedBySomeoneElseLetsTheCommitThroughAndNamesThem() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(pull(12, true, COMMIT, "ada"))))));
        reviews(12, review(1, "grace", "APPROVED"), review(2, "ada", "APPROVED"));

        GateVerdict verdict = evaluate("github", 1);

        assertThat(verdict).isEqualTo(new GateVerdict(true, null, 12, List.of("grace")));
    }

    @Test
    void theAuthorApprovingTheirOwnPullRequestDoesNotCount() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(pull(12, true, COMMIT, "ada"))))));
        reviews(12, review(1, "ada", "APPROVED"));

        assertThat(evaluate("github", 1).reason()).isEqualTo("commit c0ffee1 is not from a merged pull request with 1"
                + " approval (found: #12 merged with no approvals (its author ada approving does not count))");
    }

    @Test
    void aCommitPushedStraightToTheBranchIsBlocked() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson("[]")));

        GateVerdict verdict = evaluate("github", 1);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo(
                "commit c0ffee1 is not from a merged pull request with 1 approval (found: no pull request)");
    }

    @Test
    void anOpenPullRequestOrTooFewApprovalsIsNotEnough() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(
                pull(13, false, null, "bob"), pull(12, true, COMMIT, "ada"))))));
        reviews(12, review(1, "grace", "APPROVED"), review(2, "ken", "CHANGES_REQUESTED"));

        assertThat(evaluate("github", 2).reason()).isEqualTo("commit c0ffee1 is not from a merged pull request with 2"
                + " approvals (found: #12 merged with 1 approval by grace; #13 is not merged)");
    }

    @Test
    void anUnreachableHostBlocksWithAClearReasonAndIsAskedAgainNextTime(CapturedOutput output) {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(aResponse().withStatus(503)
                .withBody("{\"message\": \"Service Unavailable\"}")));
        List<WatchedSource> sources = registry("github", 1);
        WatchedSource fleet = sources.get(0);
        ApprovalGate gate = new ApprovalGate(clients(sources), clock);

        GateVerdict down = gate.evaluate(fleet, commit());
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(pull(12, true, COMMIT, "ada"))))));
        reviews(12, review(1, "grace", "APPROVED"));
        GateVerdict recovered = gate.evaluate(fleet, commit());

        assertThat(down.allowed()).isFalse();
        assertThat(down.reason()).isEqualTo("cannot check the approval of commit c0ffee1 on GitHub (GitHub API GET "
                + PULLS + " answered 503: Service Unavailable); blocked until it can be checked, the next poll tries again");
        assertThat(recovered.allowed()).as("an outage is not remembered").isTrue();
        assertThat(output.getAll()).contains("approval check failed").doesNotContain(GitHubClientTest.TOKEN);
    }

    @Test
    void remembersAnApprovalForGoodAndABlockForAMinute() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson("[]")));
        List<WatchedSource> sources = registry("github", 1);
        WatchedSource fleet = sources.get(0);
        ApprovalGate gate = new ApprovalGate(clients(sources), clock);

        assertThat(gate.evaluate(fleet, commit()).allowed()).isFalse();
        // Approved after the merge: still blocked from the cache for a while, then picked up.
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(pull(12, true, COMMIT, "ada"))))));
        reviews(12, review(1, "grace", "APPROVED"));
        assertThat(gate.evaluate(fleet, commit()).allowed()).isFalse();
        clock.advance(ApprovalGate.BLOCK_TTL.plusSeconds(1));
        assertThat(gate.evaluate(fleet, commit()).allowed()).isTrue();

        int requests = host.getAllServeEvents().size();
        clock.advance(java.time.Duration.ofDays(30));
        assertThat(gate.evaluate(fleet, commit()).pullRequest()).isEqualTo(12);
        assertThat(host.getAllServeEvents()).as("answered from the cache").hasSize(requests);
    }

    @Test
    void aReviewWebhookMakesTheGateAskAgainAtOnce() {
        host.stubFor(get(urlPathEqualTo(PULLS)).willReturn(okJson(list(List.of(pull(12, true, COMMIT, "ada"))))));
        reviews(12);
        List<WatchedSource> sources = registry("github", 1);
        ApprovalGate gate = new ApprovalGate(clients(sources), clock);
        assertThat(gate.evaluate(sources.get(0), commit()).allowed()).isFalse();

        reviews(12, review(1, "grace", "APPROVED"));
        gate.forgetBlocks("fleet");

        assertThat(gate.evaluate(sources.get(0), commit()).approvedBy()).containsExactly("grace");
    }

    @Test
    void onGitLabAMergedMergeRequestNeedsApproversOtherThanItsAuthor() {
        String project = "/api/v4/projects/" + GitLabJson.PROJECT;
        host.stubFor(get(urlPathEqualTo(project + "/repository/commits/" + COMMIT + "/merge_requests"))
                .willReturn(okJson(list(List.of(GitLabJson.mergeRequest(5, "merged", COMMIT, "ada"))))));
        host.stubFor(get(urlPathEqualTo(project + "/merge_requests/5/approvals"))
                .willReturn(okJson(GitLabJson.approvals(5, "ada", "grace"))));

        assertThat(evaluate("gitlab", 1)).isEqualTo(new GateVerdict(true, null, 5, List.of("grace")));
        assertThat(evaluate("gitlab", 2).reason()).isEqualTo("commit c0ffee1 is not from a merged pull request with 2"
                + " approvals (found: #5 merged with 1 approval by grace (its author ada approving does not count))");
    }

    @Test
    void anApprovalGateWithoutAHostStopsTheEngineAtStartUp() {
        List<WatchedSource> sources = HostConfig.sources("""
                sextant:
                  data-dir: %s
                  sources: [{name: fleet, url: %s, approval: {provider: github, min-approvals: 1}}]
                """.formatted(tmp.resolve("data"), tmp.resolve("repo")));

        assertThatThrownBy(() -> clients(sources)).isInstanceOf(IllegalStateException.class)
                .hasMessage("sextant.sources[fleet].approval: needs sextant.sources[fleet].host (type, repository,"
                        + " token-env) to ask who approved a commit");
    }

    @Test
    void aHostWithoutItsTokenStopsTheEngineAtStartUp() {
        List<WatchedSource> sources = HostConfig.sources("""
                sextant:
                  data-dir: %s
                  sources:
                    - {name: fleet, url: %s, host: {type: github, repository: acme/fleet, token-env: SEXTANT_NO_SUCH_VAR}}
                """.formatted(tmp.resolve("data"), tmp.resolve("repo")));

        assertThatThrownBy(() -> clients(sources)).hasMessage(
                "sextant.sources[fleet].host.token-env: environment variable SEXTANT_NO_SUCH_VAR is not set");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-20T12:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
