package io.sextant.engine.host;

import static io.sextant.engine.host.GitHubJson.review;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The approval gate on a running engine: a commit is applied only when it comes from a merged pull
 * request that someone other than its author approved; otherwise every change in it is blocked and
 * audited with the reason. The outcome goes back to GitHub as the {@code sextant/sync} status. The
 * steps push to main one after the other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitHubApprovalTest extends GitHubEngine {

    @Test
    @Order(1)
    void anApprovedMergedPullRequestIsAppliedAndItsEventsNameItAndItsApprovers() {
        for (JsonNode event : auditOf(IMPORT)) {
            assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
            assertThat(event.get("pullRequest").asInt()).isEqualTo(1);
            assertThat(event.get("approvedBy").toString()).isEqualTo("[\"grace\"]");
        }
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + IMPORT, "sextant/sync");
        assertThat(status.get("state").asString()).isEqualTo("success");
        assertThat(status.get("description").asString()).isEqualTo("synced: 7 applied");
    }

    @Test
    @Order(2)
    void aCommitPushedStraightToMainIsBlockedAndAuditedWithTheReason() throws Exception {
        FLEET.edit(RERANKER, "replicas: 2", "replicas: 1");
        String commit = FLEET.pushToMain("ranking: one reranker, no review");

        syncAndWait();

        String reason = "commit " + commit.substring(0, 7) + " is not from a merged pull request with 1 approval"
                + " (found: no pull request)";
        JsonNode events = auditOf(commit);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("blocked");
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("blocked");
        assertThat(events.get(0).get("error").asString()).isEqualTo(reason);
        JsonNode reranker = client().resource("ModelDeployment", "ranking", "bge-reranker");
        assertThat(reranker.get("operation").asString()).isEqualTo("Blocked");
        assertThat(reranker.get("message").asString()).isEqualTo(reason);
        assertThat(reranker.get("appliedRevision").asString()).isEqualTo(IMPORT);
        JsonNode status = PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + commit, "sextant/sync");
        assertThat(status.get("state").asString()).isEqualTo("failure");
        assertThat(status.get("description").asString()).isEqualTo("blocked: 1 blocked");
    }

    @Test
    @Order(3)
    void approvingOnesOwnPullRequestDoesNotCount() throws Exception {
        FLEET.edit(RERANKER, "replicas: 1", "replicas: 3");
        String commit = FLEET.pushToMain("ranking: three rerankers (#2)");
        mergedPullRequest(commit, 2, "ada", review(21, "ada", "APPROVED"), review(22, "ken", "COMMENTED"));

        syncAndWait();

        JsonNode events = auditOf(commit);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("error").asString()).isEqualTo("commit " + commit.substring(0, 7)
                + " is not from a merged pull request with 1 approval (found: #2 merged with no approvals"
                + " (its author ada approving does not count))");
        assertThat(client().resource("ModelDeployment", "ranking", "bge-reranker").get("operation").asString())
                .isEqualTo("Blocked");
    }

    @Test
    @Order(4)
    void aPullRequestApprovedByOthersIsAppliedWithItsNumberAndApprovers() throws Exception {
        FLEET.edit(RERANKER, "replicas: 3", "replicas: 4");
        String commit = FLEET.pushToMain("ranking: four rerankers (#3)");
        mergedPullRequest(commit, 3, "ada", review(31, "grace", "APPROVED"), review(32, "ken", "APPROVED"),
                review(33, "ada", "APPROVED"));

        syncAndWait();

        JsonNode events = auditOf(commit);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("update");
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(events.get(0).get("pullRequest").asInt()).isEqualTo(3);
        assertThat(events.get(0).get("approvedBy").toString()).isEqualTo("[\"grace\",\"ken\"]");
        JsonNode reranker = client().resource("ModelDeployment", "ranking", "bge-reranker");
        assertThat(reranker.get("appliedRevision").asString()).isEqualTo(commit);
        assertThat(reranker.get("operation").asString()).isEqualTo("Succeeded");
        assertThat(PostedStatuses.await(GITHUB, "/repos/acme/fleet/statuses/" + commit, "sextant/sync")
                .get("state").asString()).isEqualTo("success");
    }

    @Test
    @Order(5)
    void anApprovalGivenAfterTheMergeAppliesTheBlockedCommitAtOnce() throws Exception {
        FLEET.edit(RERANKER, "replicas: 4", "replicas: 2");
        String commit = FLEET.pushToMain("ranking: back to two rerankers (#5)");
        mergedPullRequest(commit, 5, "ada");
        syncAndWait();
        assertThat(client().resource("ModelDeployment", "ranking", "bge-reranker").get("operation").asString())
                .isEqualTo("Blocked");

        mergedPullRequest(commit, 5, "ada", review(51, "grace", "APPROVED"));
        ObjectNode review = pullRequestEvent("pull_request_review.submitted.payload.json", 5);
        ((ObjectNode) review.get("review")).put("state", "approved");
        ((ObjectNode) review.get("review").get("user")).put("login", "grace");
        assertThat(deliver("pull_request_review", "review-51", review).statusCode()).isEqualTo(202);

        EngineClient.await("the approved commit applied without a sync", Duration.ofSeconds(30), () -> commit.equals(
                client().resource("ModelDeployment", "ranking", "bge-reranker").get("appliedRevision").asString()));
        JsonNode applied = auditOf(commit).get(0);
        assertThat(applied.get("trigger").asString()).isEqualTo("webhook");
        assertThat(applied.get("approvedBy").toString()).isEqualTo("[\"grace\"]");
    }
}
