package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Pull-request deliveries are published to listeners in the engine and change nothing live. */
class PullRequestWebhookEngineTest extends WebhookEngineTestBase {

    @Test
    void aSignedPullRequestIsPublishedAsAnEventAndAppliesNothing() throws Exception {
        awaitIdle();
        int events = auditEvents();
        byte[] body = Payloads.gitHubPullRequest("pull_request.synchronize.payload.json", fleetUrl(), "main");

        HttpResponse<String> response = deliver("github", body, "X-GitHub-Event", "pull_request",
                "X-GitHub-Delivery", "pr-1", "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, body));
        awaitIdle();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"accepted\":[\"fleet\"]}");
        assertThat(pullRequests.events).filteredOn(e -> "pr-1".equals(e.delivery())).singleElement()
                .satisfies(event -> {
                    assertThat(event.source()).isEqualTo("fleet");
                    assertThat(event.action()).isEqualTo(PullRequestEvent.Action.SYNCHRONIZED);
                    assertThat(event.number()).isEqualTo(2);
                    assertThat(event.headSha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
                    assertThat(event.baseRef()).isEqualTo("main");
                });
        assertThat(auditEvents()).isEqualTo(events);
    }

    @Test
    void aMergeRequestIntoAnotherBranchIsIgnored() {
        byte[] body = Payloads.gitLabMergeRequest(fleetUrl(), "release");

        HttpResponse<String> response = deliver("gitlab", body, "X-Gitlab-Event", "Merge Request Hook",
                "Idempotency-Key", "mr-1", "X-Gitlab-Token", SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("pull request #1 into release ignored: source fleet watches branch main");
        assertThat(pullRequests.events).noneMatch(e -> "mr-1".equals(e.delivery()));
    }

    @Test
    void anUnsignedPullRequestIsRefusedAndNotPublished() {
        byte[] body = Payloads.giteaPullRequest(fleetUrl(), "main");

        HttpResponse<String> response = deliver("gitea", body, "X-Gitea-Event", "pull_request", "X-Gitea-Delivery", "pr-2");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(pullRequests.events).noneMatch(e -> "pr-2".equals(e.delivery()));
    }
}
