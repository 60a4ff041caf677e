package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A signed push to the watched branch is applied at once; other pushes are acknowledged and ignored. */
class PushWebhookEngineTest extends WebhookEngineTestBase {

    @Test
    void signedGitHubPushIsAppliedWithoutWaitingForAPoll() throws Exception {
        String commit = pushReplicaChange("ranking: rescale the reranker");

        HttpResponse<String> response = deliverGitHubPush("gh-push-1", "refs/heads/main", commit, SECRET);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"accepted\":[\"fleet\"]}");
        awaitApplied(commit);
        JsonNode event = client().getJson("/api/v1/audit?commit=" + commit).get("items").get(0);
        assertThat(event.get("trigger").asString()).isEqualTo("webhook");
        assertThat(event.get("action").asString()).isEqualTo("update");
        assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
    }

    @Test
    void gitLabAndGiteaPushesAreAppliedToo() throws Exception {
        String first = pushReplicaChange("ranking: rescale, told by GitLab");
        byte[] gitlab = Payloads.gitLabPush(fleetUrl(), "refs/heads/main", first);
        HttpResponse<String> fromGitLab = deliver("gitlab", gitlab, "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Event-UUID", "gl-push-1", "X-Gitlab-Token", SECRET);
        assertThat(fromGitLab.statusCode()).isEqualTo(202);
        awaitApplied(first);

        String second = pushReplicaChange("ranking: rescale, told by Gitea");
        byte[] gitea = Payloads.giteaPush(fleetUrl(), "refs/heads/main", second);
        HttpResponse<String> fromGitea = deliver("gitea", gitea, "X-Gitea-Event", "push",
                "X-Gitea-Delivery", "gt-push-1", "X-Gitea-Signature", Payloads.giteaSignature(SECRET, gitea));
        assertThat(fromGitea.statusCode()).isEqualTo(202);
        awaitApplied(second);
        assertThat(client().getJson("/api/v1/audit?commit=" + second).get("items").get(0).get("trigger").asString())
                .isEqualTo("webhook");
    }

    @Test
    void pushesToAnotherBranchOrRepositoryAreAcknowledgedAndChangeNothing() throws Exception {
        awaitIdle();
        String applied = appliedRevision();
        int events = auditEvents();
        String commit = pushReplicaChange("ranking: pushed, but the webhook names another branch");

        HttpResponse<String> otherBranch = deliverGitHubPush("gh-branch-1", "refs/heads/feature", commit, SECRET);
        byte[] elsewhere = Payloads.gitHubPush("https://github.com/acme/elsewhere.git", "refs/heads/main", commit);
        HttpResponse<String> otherRepository = deliver("github", elsewhere, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "gh-repo-1", "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, elsewhere));
        awaitIdle();

        assertThat(otherBranch.statusCode()).isEqualTo(200);
        assertThat(otherBranch.body())
                .isEqualTo("{\"ignored\":\"push to refs/heads/feature ignored: source fleet watches branch main\"}");
        assertThat(otherRepository.statusCode()).isEqualTo(200);
        assertThat(otherRepository.body()).contains("no source watches repository Codertocat/Hello-World");
        assertThat(appliedRevision()).isEqualTo(applied);
        assertThat(auditEvents()).isEqualTo(events);

        assertThat(deliverGitHubPush("gh-branch-2", "refs/heads/main", commit, SECRET).statusCode()).isEqualTo(202);
        awaitApplied(commit);
    }

    @Test
    void aSignedPingIsAnswered() {
        byte[] ping = Payloads.gitHubPing(fleetUrl());

        HttpResponse<String> response = deliver("github", ping, "X-GitHub-Event", "ping", "X-GitHub-Delivery", "gh-ping-1",
                "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, ping));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("pong").contains("fleet");
    }
}
