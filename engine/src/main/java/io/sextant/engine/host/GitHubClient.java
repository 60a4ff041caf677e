package io.sextant.engine.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The GitHub REST API (version 2022-11-28) for one repository. */
final class GitHubClient implements HostClient {

    static final String DEFAULT_API_URL = "https://api.github.com";

    /** GitHub refuses longer status descriptions with a 422. */
    static final int MAX_DESCRIPTION = 140;

    private final HostHttp http;
    private final String repo;

    /** @param repository {@code owner/name} */
    GitHubClient(String apiUrl, String repository, String token, HostHttpSettings settings) {
        this.http = new HostHttp("GitHub", apiUrl, Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "sextant"), token, settings);
        this.repo = "/repos/" + repository;
    }

    @Override
    public String name() {
        return "GitHub";
    }

    @Override
    public String pullRequestRef(int number) {
        return "refs/pull/" + number + "/head";
    }

    @Override
    public List<Comment> comments(int number) throws HostApiException {
        List<Comment> comments = new ArrayList<>();
        for (JsonNode item : http.getAll(repo + "/issues/" + number + "/comments")) {
            comments.add(comment(item));
        }
        return comments;
    }

    @Override
    public Comment createComment(int number, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("body", body);
        return comment(http.send("POST", repo + "/issues/" + number + "/comments", json, false));
    }

    @Override
    public Comment updateComment(int number, long commentId, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("body", body);
        return comment(http.send("PATCH", repo + "/issues/comments/" + commentId, json, true));
    }

    @Override
    public void setStatus(String sha, CommitState state, String context, String description, String targetUrl)
            throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode()
                .put("state", state.github())
                .put("context", context)
                .put("description", shorten(description, MAX_DESCRIPTION));
        if (targetUrl != null) {
            json.put("target_url", targetUrl);
        }
        // The latest status of a context wins, so repeating one after a lost answer is harmless.
        http.send("POST", repo + "/statuses/" + sha, json, true);
    }

    @Override
    public List<PullRequest> pullRequestsOf(String sha) throws HostApiException {
        List<PullRequest> pulls = new ArrayList<>();
        for (JsonNode item : http.getAll(repo + "/commits/" + sha + "/pulls")) {
            pulls.add(pullRequest(item));
        }
        return pulls;
    }

    @Override
    public java.util.Optional<Opened> pullRequestFrom(String branch) throws HostApiException {
        String owner = repo.substring("/repos/".length(), repo.indexOf('/', "/repos/".length()));
        String head = java.net.URLEncoder.encode(owner + ":" + branch, java.nio.charset.StandardCharsets.UTF_8);
        for (JsonNode item : http.getAll(repo + "/pulls?state=all&head=" + head)) {
            return java.util.Optional.of(opened(item));
        }
        return java.util.Optional.empty();
    }

    @Override
    public Opened openPullRequest(String branch, String base, String title, String body) throws HostApiException {
        ObjectNode json = HostHttp.JSON.createObjectNode().put("title", title).put("head", branch).put("base", base)
                .put("body", body).put("maintainer_can_modify", true);
        return opened(http.send("POST", repo + "/pulls", json, false));
    }

    private static Opened opened(JsonNode json) {
        return new Opened(json.path("number").asInt(), json.path("html_url").asString(""));
    }

    /**
     * Reviews come oldest first; a user's latest approval, change request or dismissal is their say
     * (a plain comment after an approval does not withdraw it, as on GitHub's own review summary).
     */
    @Override
    public List<String> approvers(int number) throws HostApiException {
        Map<String, String> latest = new LinkedHashMap<>();
        for (JsonNode review : http.getAll(repo + "/pulls/" + number + "/reviews")) {
            String state = review.path("state").asString("");
            String user = review.path("user").path("login").asString("");
            if (!user.isEmpty() && (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED")
                    || state.equals("DISMISSED"))) {
                latest.remove(user); // keep the order of each user's latest say
                latest.put(user, state);
            }
        }
        return latest.entrySet().stream().filter(e -> e.getValue().equals("APPROVED")).map(Map.Entry::getKey).toList();
    }

    /** {@code GET /pulls/{n}} says {@code merged}; the list of a commit's pulls only {@code merged_at}. */
    private static PullRequest pullRequest(JsonNode json) {
        boolean merged = json.path("merged").asBoolean(false) || !json.path("merged_at").isNull()
                && !json.path("merged_at").isMissingNode();
        String mergeCommit = json.path("merge_commit_sha").isString() ? json.path("merge_commit_sha").stringValue() : null;
        return new PullRequest(json.path("number").asInt(), merged, mergeCommit,
                json.path("user").path("login").asString(""));
    }

    private static Comment comment(JsonNode json) {
        return new Comment(json.path("id").asLong(), json.path("body").asString(""),
                json.path("html_url").isString() ? json.path("html_url").stringValue() : null);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
