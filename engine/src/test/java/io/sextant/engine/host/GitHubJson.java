package io.sextant.engine.host;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Response bodies in the shapes the GitHub REST API (2022-11-28) documents, trimmed to the fields a
 * client could rely on; ids, URLs and timestamps look like GitHub's.
 */
final class GitHubJson {

    static final String REPO = "acme/fleet";

    private GitHubJson() {
    }

    static String list(List<String> items) {
        return items.stream().collect(Collectors.joining(",", "[", "]"));
    }

    /** An issue comment, as {@code GET/POST /repos/{owner}/{repo}/issues/{n}/comments} return it. */
    static String comment(long id, int pullRequest, String body, String login) {
        return """
                {"id": %d, "node_id": "IC_kwDOK%d",
                 "url": "https://api.github.com/repos/acme/fleet/issues/comments/%d",
                 "html_url": "https://github.com/acme/fleet/pull/%d#issuecomment-%d",
                 "issue_url": "https://api.github.com/repos/acme/fleet/issues/%d",
                 "body": %s,
                 "user": {"login": "%s", "id": 9919, "type": "User", "site_admin": false},
                 "created_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z",
                 "author_association": "NONE"}
                """.formatted(id, id, id, pullRequest, id, pullRequest, quote(body), login);
    }

    /** A review, as {@code GET /repos/{owner}/{repo}/pulls/{n}/reviews} lists them (oldest first). */
    static String review(long id, String login, String state) {
        return """
                {"id": %d, "node_id": "PRR_kwDOK%d", "user": {"login": "%s", "id": %d, "type": "User"},
                 "body": "", "state": "%s", "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                 "html_url": "https://github.com/acme/fleet/pull/12#pullrequestreview-%d",
                 "pull_request_url": "https://api.github.com/repos/acme/fleet/pulls/12",
                 "author_association": "MEMBER", "submitted_at": "2026-11-20T10:0%d:00Z"}
                """.formatted(id, id, login, 1000 + id, state, id, id % 10);
    }

    /** A pull request as {@code GET /repos/{owner}/{repo}/commits/{sha}/pulls} lists it (no {@code merged} field). */
    static String pull(int number, boolean merged, String mergeCommitSha, String author) {
        return """
                {"url": "https://api.github.com/repos/acme/fleet/pulls/%d", "id": %d, "number": %d,
                 "state": "%s", "locked": false, "title": "scale llama",
                 "user": {"login": "%s", "id": 583231, "type": "User"},
                 "created_at": "2026-11-19T09:00:00Z", "updated_at": "2026-11-20T11:00:00Z",
                 "closed_at": %s, "merged_at": %s, "merge_commit_sha": %s,
                 "head": {"ref": "scale-llama", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
                 "base": {"ref": "main", "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b"},
                 "draft": false}
                """.formatted(number, 100000 + number, number, merged ? "closed" : "open", author,
                merged ? "\"2026-11-20T11:00:00Z\"" : "null", merged ? "\"2026-11-20T11:00:00Z\"" : "null",
                mergeCommitSha == null ? "null" : "\"" + mergeCommitSha + "\"");
    }

    static String error(String message, String docs) {
        return """
                {"message": "%s", "documentation_url": "https://docs.github.com/rest/%s", "status": "404"}
                """.formatted(message, docs);
    }

    /** GitHub's 422 for a status whose description is too long. */
    static String validationFailed() {
        return """
                {"message": "Validation Failed",
                 "errors": [{"resource": "Status", "code": "custom", "field": "description",
                             "message": "description is too long (maximum is 140 characters)"}],
                 "documentation_url": "https://docs.github.com/rest/commits/statuses#create-a-commit-status",
                 "status": "422"}
                """;
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
