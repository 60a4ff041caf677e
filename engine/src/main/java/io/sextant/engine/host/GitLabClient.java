package io.sextant.engine.host;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The GitLab REST API (v4) for one project: merge request notes, commit statuses, approvals. */
final class GitLabClient implements HostClient {

    static final String DEFAULT_API_URL = "https://gitlab.com/api/v4";

    /** GitLab keeps longer descriptions, but a status line is read at a glance. */
    static final int MAX_DESCRIPTION = 255;

    private final HostHttp http;
    private final String project;

    /**
     * @param apiUrl  the API base; {@code /api/v4} is added when missing
     * @param project the project path ({@code group/name}) or numeric id
     */
    GitLabClient(String apiUrl, String project, String token, HostHttpSettings settings) {
        String base = apiUrl.replaceAll("/+$", "");
        if (!base.endsWith("/api/v4")) {
            base += "/api/v4";
        }
        this.http = new HostHttp("GitLab", base, Map.of("PRIVATE-TOKEN", token, "User-Agent", "sextant"), token,
                settings);
        this.project = "/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "GitLab";
    }

    @Override
    public String pullRequestRef(int number) {
        return "refs/merge-requests/" + number + "/head";
    }

    @Override
    public List<Comment> comments(int number) throws HostApiException {
        List<Comment> notes = new ArrayList<>();
        for (JsonNode note : http.getAll(project + "/merge_requests/" + number + "/notes?sort=asc&order_by=created_at")) {
            if (!note.path("system").asBoolean(false)) { // "added 1 commit" and the like
                notes.add(note(note));
            }
        }
        return notes;
    }

    @Override
    public Comment createComment(int number, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("body", body);
        return note(http.send("POST", project + "/merge_requests/" + number + "/notes", json, false));
    }

    @Override
    public Comment updateComment(int number, long commentId, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("body", body);
        return note(http.send("PUT", project + "/merge_requests/" + number + "/notes/" + commentId, json, true));
    }

    @Override
    public void setStatus(String sha, CommitState state, String context, String description, String targetUrl)
            throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode()
                .put("state", state.gitlab())
                .put("name", context)
                .put("description", GitHubClient.shorten(description, MAX_DESCRIPTION));
        if (targetUrl != null) {
            json.put("target_url", targetUrl);
        }
        http.send("POST", project + "/statuses/" + sha, json, true);
    }

    @Override
    public List<PullRequest> pullRequestsOf(String sha) throws HostApiException {
        List<PullRequest> requests = new ArrayList<>();
        for (JsonNode mr : http.getAll(project + "/repository/commits/" + sha + "/merge_requests")) {
            String mergeCommit = mr.path("merge_commit_sha").isString() ? mr.path("merge_commit_sha").stringValue()
                    : mr.path("squash_commit_sha").isString() ? mr.path("squash_commit_sha").stringValue() : null;
            requests.add(new PullRequest(mr.path("iid").asInt(), "merged".equals(mr.path("state").asString("")),
                    mergeCommit, mr.path("author").path("username").asString("")));
        }
        return requests;
    }

    @Override
    public List<String> approvers(int number) throws HostApiException {
        List<String> users = new ArrayList<>();
        for (JsonNode approval : http.get(project + "/merge_requests/" + number + "/approvals").path("approved_by")) {
            String user = approval.path("user").path("username").asString("");
            if (!user.isEmpty()) {
                users.add(user);
            }
        }
        return users;
    }

    private static Comment note(JsonNode json) {
        return new Comment(json.path("id").asLong(), json.path("body").asString(""), null);
    }

    @Override
    public java.util.Optional<Opened> pullRequestFrom(String branch) throws HostApiException {
        // No state filter: GitLab lists opened, closed, merged and locked ones alike, newest first.
        for (JsonNode item : http.getAll(project + "/merge_requests?source_branch="
                + URLEncoder.encode(branch, StandardCharsets.UTF_8))) {
            return java.util.Optional.of(opened(item));
        }
        return java.util.Optional.empty();
    }

    @Override
    public Opened openPullRequest(String branch, String base, String title, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("source_branch", branch).put("target_branch", base)
                .put("title", title).put("description", body).put("remove_source_branch", true);
        return opened(http.send("POST", project + "/merge_requests", json, false));
    }

    private static Opened opened(JsonNode json) {
        return new Opened(json.path("iid").asInt(), json.path("web_url").asString(""));
    }
}
