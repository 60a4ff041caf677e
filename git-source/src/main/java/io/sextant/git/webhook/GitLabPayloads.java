package io.sextant.git.webhook;

import static io.sextant.git.webhook.Json.path;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** GitLab's payloads: {@code Push Hook} and {@code Merge Request Hook}. */
final class GitLabPayloads {

    private GitLabPayloads() {
    }

    static WebhookEvent parse(String event, JsonNode root) throws WebhookPayloadException {
        RepositoryId repository = repository(root);
        switch (event) {
            case "Push Hook":
                return new WebhookEvent.Push(WebhookProvider.GITLAB, repository,
                        WebhookPayloads.required(root, "push", "ref"), Json.text(root, "before"),
                        Json.text(root, "after"), Json.firstText(root, path("user_username"), path("user_name")));
            case "Merge Request Hook":
                return mergeRequest(repository, root);
            default:
                return new WebhookEvent.Other(WebhookProvider.GITLAB, repository, event);
        }
    }

    static RepositoryId repository(JsonNode root) {
        JsonNode project = root.path("project");
        JsonNode repo = root.path("repository");
        List<String> urls = new ArrayList<>();
        for (String field : List.of("git_http_url", "git_ssh_url", "http_url", "ssh_url", "web_url")) {
            urls.add(Json.text(project, field));
        }
        for (String field : List.of("git_http_url", "git_ssh_url", "url", "homepage")) {
            urls.add(Json.text(repo, field));
        }
        return new RepositoryId(urls, Json.text(project, "path_with_namespace"));
    }

    private static PullRequest mergeRequest(RepositoryId repository, JsonNode root) throws WebhookPayloadException {
        JsonNode attributes = root.path("object_attributes");
        int number = Json.integer(attributes, "iid");
        if (number <= 0) {
            throw new WebhookPayloadException("merge request payload has no 'object_attributes.iid'");
        }
        String providerAction = Json.text(attributes, "action");
        String state = Json.text(attributes, "state");
        boolean merged = "merged".equals(state) || "merge".equals(providerAction);
        PullRequest.Review review = review(providerAction, Json.text(root, "user", "username"));
        PullRequestAction action = review != null ? PullRequestAction.REVIEWED
                : action(providerAction, Json.text(attributes, "oldrev") != null);
        return new PullRequest(WebhookProvider.GITLAB, repository, action,
                providerAction == null ? "" : providerAction, number,
                Json.text(attributes, "last_commit", "id"), Json.text(attributes, "source_branch"),
                Json.text(attributes, "target_branch"), merged, Json.text(attributes, "merge_commit_sha"),
                null, review);
    }

    /** {@code update} means new commits only when GitLab sends the previous head ({@code oldrev}). */
    private static PullRequestAction action(String action, boolean newCommits) {
        if (action == null) {
            return PullRequestAction.OTHER;
        }
        switch (action) {
            case "open":
                return PullRequestAction.OPENED;
            case "reopen":
                return PullRequestAction.REOPENED;
            case "update":
                return newCommits ? PullRequestAction.SYNCHRONIZED : PullRequestAction.OTHER;
            case "close":
                return PullRequestAction.CLOSED;
            case "merge":
                return PullRequestAction.MERGED;
            default:
                return PullRequestAction.OTHER;
        }
    }

    /** {@code approval}/{@code approved} add an approval, {@code unapproval}/{@code unapproved} withdraw one. */
    private static PullRequest.Review review(String action, String user) {
        if ("approved".equals(action) || "approval".equals(action)) {
            return new PullRequest.Review("approved", user);
        }
        if ("unapproved".equals(action) || "unapproval".equals(action)) {
            return new PullRequest.Review("unapproved", user);
        }
        return null;
    }
}
