package io.sextant.git.webhook;

import static io.sextant.git.webhook.Json.path;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** GitHub's payloads, and Gitea's, which follow GitHub's shapes with a few different names. */
final class GitHubPayloads {

    private GitHubPayloads() {
    }

    static WebhookEvent parse(WebhookProvider provider, String event, JsonNode root) throws WebhookPayloadException {
        RepositoryId repository = repository(root.path("repository"));
        switch (event) {
            case "push":
                return new WebhookEvent.Push(provider, repository, WebhookPayloads.required(root, "push", "ref"),
                        Json.text(root, "before"), Json.text(root, "after"),
                        Json.firstText(root, path("pusher", "name"), path("pusher", "login"), path("pusher", "username")));
            case "ping":
                return new WebhookEvent.Ping(provider, repository, Json.text(root, "hook_id"));
            case "pull_request":
                return pullRequest(provider, repository, root, null);
            case "pull_request_review":
                return pullRequest(provider, repository, root, gitHubReview(root));
            case "pull_request_approved":
                return pullRequest(provider, repository, root, giteaReview(root, "approved"));
            case "pull_request_rejected":
                return pullRequest(provider, repository, root, giteaReview(root, "changes_requested"));
            case "pull_request_comment":
                return pullRequest(provider, repository, root, giteaReview(root, "commented"));
            default:
                return new WebhookEvent.Other(provider, repository, event);
        }
    }

    static RepositoryId repository(JsonNode repo) {
        return new RepositoryId(List.of(
                nonNull(Json.text(repo, "clone_url")), nonNull(Json.text(repo, "ssh_url")),
                nonNull(Json.text(repo, "html_url")), nonNull(Json.text(repo, "git_url"))),
                Json.text(repo, "full_name"));
    }

    private static PullRequest pullRequest(WebhookProvider provider, RepositoryId repository, JsonNode root,
                                           PullRequest.Review review) throws WebhookPayloadException {
        JsonNode pr = root.path("pull_request");
        if (!pr.isObject()) {
            throw new WebhookPayloadException("pull request payload has no 'pull_request'");
        }
        int number = Json.integer(root, "number");
        number = number > 0 ? number : Json.integer(pr, "number");
        if (number <= 0) {
            throw new WebhookPayloadException("pull request payload has no 'number'");
        }
        String providerAction = WebhookPayloads.required(root, "pull request", "action");
        boolean merged = Json.bool(pr, "merged") || Json.text(pr, "merged_at") != null;
        PullRequestAction action = review != null ? PullRequestAction.REVIEWED : action(providerAction, merged);
        return new PullRequest(provider, repository, action, providerAction, number,
                Json.text(pr, "head", "sha"), Json.text(pr, "head", "ref"), Json.text(pr, "base", "ref"),
                merged, Json.text(pr, "merge_commit_sha"),
                Json.firstText(pr, path("user", "login"), path("user", "username")), review);
    }

    private static PullRequestAction action(String action, boolean merged) {
        switch (action) {
            case "opened":
                return PullRequestAction.OPENED;
            case "synchronize": // GitHub
            case "synchronized": // Gitea
                return PullRequestAction.SYNCHRONIZED;
            case "reopened":
                return PullRequestAction.REOPENED;
            case "closed":
                return merged ? PullRequestAction.MERGED : PullRequestAction.CLOSED;
            default:
                return PullRequestAction.OTHER;
        }
    }

    /** GitHub's {@code pull_request_review}: the review's state, or {@code dismissed} when one was dismissed. */
    private static PullRequest.Review gitHubReview(JsonNode root) throws WebhookPayloadException {
        String action = Json.text(root, "action");
        String state = "dismissed".equals(action) ? "dismissed" : Json.text(root, "review", "state");
        if (state == null) {
            throw new WebhookPayloadException("pull request review payload has no 'review.state'");
        }
        return new PullRequest.Review(state.toLowerCase(Locale.ROOT), Json.text(root, "review", "user", "login"));
    }

    /** Gitea tells the verdict by its event name; the reviewer is the sender. */
    private static PullRequest.Review giteaReview(JsonNode root, String state) {
        return new PullRequest.Review(state, Json.firstText(root, path("sender", "login"), path("sender", "username")));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
