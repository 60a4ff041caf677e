package io.sextant.engine.host;

/** Response bodies in the shapes the GitLab REST API (v4) documents, trimmed to what a client could use. */
final class GitLabJson {

    /** The project path as the API wants it in URLs. */
    static final String PROJECT = "acme%2Ffleet";

    private GitLabJson() {
    }

    /** A merge request note, as {@code GET/POST/PUT /projects/:id/merge_requests/:iid/notes} return it. */
    static String note(long id, int iid, String body, String username, boolean system) {
        return """
                {"id": %d, "type": null, "body": %s, "attachment": null,
                 "author": {"id": 12, "username": "%s", "name": "%s", "state": "active",
                            "avatar_url": "https://gitlab.example/uploads/a.png", "web_url": "https://gitlab.example/%s"},
                 "created_at": "2026-11-20T10:00:00.000Z", "updated_at": "2026-11-20T10:00:00.000Z",
                 "system": %s, "noteable_id": 377, "noteable_type": "MergeRequest", "project_id": 5,
                 "noteable_iid": %d, "resolvable": false, "confidential": false, "internal": false}
                """.formatted(id, GitHubJson.quote(body), username, username, username, system, iid);
    }

    /** A merge request, as {@code GET /projects/:id/repository/commits/:sha/merge_requests} lists it. */
    static String mergeRequest(int iid, String state, String mergeCommitSha, String author) {
        return """
                {"id": %d, "iid": %d, "project_id": 5, "title": "scale llama", "description": "",
                 "state": "%s", "created_at": "2026-11-19T09:00:00.000Z", "updated_at": "2026-11-20T11:00:00.000Z",
                 "merged_at": %s, "target_branch": "main", "source_branch": "scale-llama",
                 "author": {"id": 7, "username": "%s", "name": "%s", "state": "active"},
                 "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "merge_commit_sha": %s,
                 "squash_commit_sha": null, "web_url": "https://gitlab.example/acme/fleet/-/merge_requests/%d"}
                """.formatted(1000 + iid, iid, state, state.equals("merged") ? "\"2026-11-20T11:00:00.000Z\"" : "null",
                author, author, mergeCommitSha == null ? "null" : "\"" + mergeCommitSha + "\"", iid);
    }

    /** {@code GET /projects/:id/merge_requests/:iid/approvals}. */
    static String approvals(int iid, String... usernames) {
        StringBuilder approvedBy = new StringBuilder();
        for (String user : usernames) {
            approvedBy.append(approvedBy.isEmpty() ? "" : ",").append("""
                    {"user": {"name": "%s", "username": "%s", "id": %d, "state": "active",
                              "avatar_url": "https://gitlab.example/uploads/u.png", "web_url": "https://gitlab.example/%s"}}
                    """.formatted(user, user, user.hashCode() & 0xffff, user));
        }
        return """
                {"id": %d, "iid": %d, "project_id": 5, "title": "scale llama", "state": "merged",
                 "merge_status": "can_be_merged", "approved": %s, "approvals_required": 1, "approvals_left": %d,
                 "approved_by": [%s]}
                """.formatted(1000 + iid, iid, usernames.length > 0, usernames.length > 0 ? 0 : 1, approvedBy);
    }

    /** {@code POST /projects/:id/statuses/:sha}'s answer. */
    static String status(String sha, String state, String name) {
        return """
                {"id": 93, "sha": "%s", "ref": "main", "status": "%s", "name": "%s", "target_url": null,
                 "description": "", "created_at": "2026-11-20T11:00:00.000Z", "started_at": null,
                 "finished_at": "2026-11-20T11:00:00.000Z", "allow_failure": false, "coverage": null,
                 "author": {"id": 9, "username": "sextant-bot", "name": "Sextant", "state": "active"}}
                """.formatted(sha, state, name);
    }
}
