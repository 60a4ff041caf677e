package io.sextant.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every real payload in {@code src/test/resources/webhooks/} parses into what it says. */
class WebhookPayloadsTest {

    static byte[] fixture(String path) {
        try (InputStream in = WebhookPayloadsTest.class.getResourceAsStream("/webhooks/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture webhooks/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookEvent parse(WebhookProvider provider, String event, String fixture) throws WebhookPayloadException {
        return WebhookPayloads.parse(provider, event, fixture(fixture));
    }

    @Test
    void gitHubPushToABranch() throws Exception {
        var push = (WebhookEvent.Push) parse(WebhookProvider.GITHUB, "push", "github/push.with-new-branch.payload.json");

        assertThat(push.ref()).isEqualTo("refs/heads/master");
        assertThat(push.updatesBranch("master")).isTrue();
        assertThat(push.updatesBranch("main")).isFalse();
        assertThat(push.after()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(push.before()).isEqualTo("0000000000000000000000000000000000000000");
        assertThat(push.pusher()).isEqualTo("Codertocat");
        assertThat(push.repository().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(push.repository().hasUrl("git@github.com:Codertocat/Hello-World.git")).isTrue();
    }

    @Test
    void gitHubPushOfATagUpdatesNoBranch() throws Exception {
        for (String fixture : new String[] {"github/push.payload.json", "github/push.1.payload.json"}) {
            var push = (WebhookEvent.Push) parse(WebhookProvider.GITHUB, "push", fixture);
            assertThat(push.ref()).isEqualTo("refs/tags/simple-tag");
            assertThat(push.updatesBranch("simple-tag")).isFalse();
        }
    }

    @Test
    void gitHubPing() throws Exception {
        var ping = (WebhookEvent.Ping) parse(WebhookProvider.GITHUB, "ping", "github/ping.payload.json");

        assertThat(ping.hookId()).isEqualTo("109948940");
        assertThat(ping.repository().fullName()).isEqualTo("Octocoders/Hello-World");
    }

    @Test
    void gitHubPullRequestOpenedAndSynchronized() throws Exception {
        var opened = (PullRequest) parse(WebhookProvider.GITHUB, "pull_request", "github/pull_request.opened.payload.json");
        var pushed = (PullRequest) parse(WebhookProvider.GITHUB, "pull_request", "github/pull_request.synchronize.payload.json");

        assertThat(opened.action()).isEqualTo(PullRequestAction.OPENED);
        assertThat(opened.number()).isEqualTo(2);
        assertThat(opened.headSha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
        assertThat(opened.headRef()).isEqualTo("changes");
        assertThat(opened.baseRef()).isEqualTo("master");
        assertThat(opened.author()).isEqualTo("Codertocat");
        assertThat(opened.merged()).isFalse();
        assertThat(opened.mergeCommitSha()).isNull();
        assertThat(opened.review()).isNull();
        assertThat(opened.repository().fullName()).isEqualTo("Codertocat/Hello-World");
        assertThat(pushed.action()).isEqualTo(PullRequestAction.SYNCHRONIZED);
        assertThat(pushed.providerAction()).isEqualTo("synchronize");
    }

    @Test
    void gitHubPullRequestClosedWithoutMergeHidesTheTestMergeCommit() throws Exception {
        var closed = (PullRequest) parse(WebhookProvider.GITHUB, "pull_request", "github/pull_request.closed.payload.json");

        assertThat(closed.action()).isEqualTo(PullRequestAction.CLOSED);
        assertThat(closed.merged()).isFalse();
        assertThat(closed.mergeCommitSha()).as("GitHub's test merge never landed").isNull();
    }

    @Test
    void gitHubPullRequestMergedCarriesItsMergeCommit() throws Exception {
        String merged = new String(fixture("github/pull_request.closed.payload.json"), StandardCharsets.UTF_8)
                .replace("\"merged\": false", "\"merged\": true");
        var pr = (PullRequest) WebhookPayloads.parse(WebhookProvider.GITHUB, "pull_request",
                merged.getBytes(StandardCharsets.UTF_8));

        assertThat(pr.action()).isEqualTo(PullRequestAction.MERGED);
        assertThat(pr.mergeCommitSha()).isEqualTo("c4295bd74fb0f4fda03689c3df3f2803b658fd85");
    }

    @Test
    void gitHubReview() throws Exception {
        var reviewed = (PullRequest) parse(WebhookProvider.GITHUB, "pull_request_review",
                "github/pull_request_review.submitted.payload.json");

        assertThat(reviewed.action()).isEqualTo(PullRequestAction.REVIEWED);
        assertThat(reviewed.number()).as("taken from pull_request.number").isEqualTo(2);
        assertThat(reviewed.review()).isEqualTo(new PullRequest.Review("commented", "Codertocat"));
        assertThat(reviewed.review().approved()).isFalse();
    }

    @Test
    void gitLabPush() throws Exception {
        var push = (WebhookEvent.Push) parse(WebhookProvider.GITLAB, "Push Hook", "gitlab/push-event.json");

        assertThat(push.updatesBranch("master")).isTrue();
        assertThat(push.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(push.repository().fullName()).isEqualTo("mike/diaspora");
        assertThat(push.repository().hasUrl("git@example.com:mike/diaspora.git")).isTrue();
        assertThat(push.repository().hasUrl("http://example.com/mike/diaspora.git")).isTrue();
    }

    @Test
    void gitLabMergeRequest() throws Exception {
        var mr = (PullRequest) parse(WebhookProvider.GITLAB, "Merge Request Hook", "gitlab/merge-request-event.json");

        assertThat(mr.provider()).isEqualTo(WebhookProvider.GITLAB);
        assertThat(mr.action()).isEqualTo(PullRequestAction.OPENED);
        assertThat(mr.providerAction()).isEqualTo("open");
        assertThat(mr.number()).isEqualTo(1);
        assertThat(mr.headSha()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(mr.headRef()).isEqualTo("ms-viewport");
        assertThat(mr.baseRef()).isEqualTo("master");
        assertThat(mr.author()).as("GitLab sends only author_id").isNull();
        assertThat(mr.repository().fullName()).isEqualTo("gitlabhq/gitlab-test");
    }

    @Test
    void gitLabApprovalIsAReview() throws Exception {
        String approved = new String(fixture("gitlab/merge-request-event.json"), StandardCharsets.UTF_8)
                .replace("\"action\": \"open\"", "\"action\": \"approved\"");
        var mr = (PullRequest) WebhookPayloads.parse(WebhookProvider.GITLAB, "Merge Request Hook",
                approved.getBytes(StandardCharsets.UTF_8));

        assertThat(mr.action()).isEqualTo(PullRequestAction.REVIEWED);
        assertThat(mr.review()).isEqualTo(new PullRequest.Review("approved", "root"));
    }

    @Test
    void giteaPushAndPullRequest() throws Exception {
        var push = (WebhookEvent.Push) parse(WebhookProvider.GITEA, "push", "gitea/push-event.json");
        var pr = (PullRequest) parse(WebhookProvider.GITEA, "pull_request", "gitea/pull-request-event.json");

        assertThat(push.updatesBranch("master")).isTrue();
        assertThat(push.after()).isEqualTo("67b56589a45103f891bdee7c0546e5d40bc02001");
        assertThat(push.pusher()).isEqualTo("example");
        assertThat(push.repository().hasUrl("http://localhost:3000/example/example.git")).isTrue();
        assertThat(pr.action()).isEqualTo(PullRequestAction.OPENED);
        assertThat(pr.number()).isEqualTo(2);
        assertThat(pr.headSha()).isEqualTo("48e773f892a831faa47c0a160d1b7f0cd369ae2a");
        assertThat(pr.author()).isEqualTo("example2");
        assertThat(pr.repository().fullName()).isEqualTo("example/example");
    }

    @Test
    void giteaReviewVerdictComesFromTheEventName() throws Exception {
        var approved = (PullRequest) parse(WebhookProvider.GITEA, "pull_request_approved", "gitea/pull-request-review-event.json");
        var comment = (PullRequest) parse(WebhookProvider.GITEA, "pull_request_comment", "gitea/pull-request-review-event.json");

        assertThat(approved.review()).isEqualTo(new PullRequest.Review("approved", "example"));
        assertThat(comment.review().state()).isEqualTo("commented");
    }

    @Test
    void otherEventsAreKeptWithTheirRepository() throws Exception {
        var other = (WebhookEvent.Other) parse(WebhookProvider.GITLAB, "Tag Push Hook", "gitlab/push-event.json");

        assertThat(other.event()).isEqualTo("Tag Push Hook");
        assertThat(other.repository().fullName()).isEqualTo("mike/diaspora");
    }

    @Test
    void refusesWhatIsNotAWebhookWithAReason() {
        byte[] push = fixture("github/push.with-new-branch.payload.json");
        assertThatThrownBy(() -> WebhookPayloads.parse(WebhookProvider.GITHUB, null, push))
                .isInstanceOf(WebhookPayloadException.class).hasMessageContaining("X-GitHub-Event");
        assertThatThrownBy(() -> WebhookPayloads.parse(WebhookProvider.GITHUB, "push",
                "payload=%7B%7D".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookPayloadException.class).hasMessageContaining("application/json");
        assertThatThrownBy(() -> WebhookPayloads.parse(WebhookProvider.GITHUB, "push", "[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WebhookPayloads.parse(WebhookProvider.GITHUB, "push", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("push payload has no 'ref'");
        assertThatThrownBy(() -> WebhookPayloads.parse(WebhookProvider.GITHUB, "pull_request",
                "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("pull request payload has no 'pull_request'");
    }
}
