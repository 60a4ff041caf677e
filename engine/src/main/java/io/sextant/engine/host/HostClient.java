package io.sextant.engine.host;

import java.util.List;

/**
 * What Sextant asks of a Git host (GitHub, GitLab) about a source's repository: pull request comments,
 * commit statuses, and who approved which merged pull request. HTTP types stay behind it.
 */
interface HostClient {

    /** The host as shown in messages: {@code GitHub} or {@code GitLab}. */
    String name();

    /** The ref under which the host serves a pull request's head commit. */
    String pullRequestRef(int number);

    /** Every comment (GitLab: note) on a pull request, oldest first. */
    List<Comment> comments(int number) throws HostApiException;

    Comment createComment(int number, String body) throws HostApiException;

    Comment updateComment(int number, long commentId, String body) throws HostApiException;

    /** Sets the status named {@code context} on a commit; a later status of the same context replaces it. */
    void setStatus(String sha, CommitState state, String context, String description, String targetUrl)
            throws HostApiException;

    /** The pull requests the host associates with a commit (merged or not). */
    List<PullRequest> pullRequestsOf(String sha) throws HostApiException;

    /** Who approved a pull request: users whose latest say on it is an approval, its author included. */
    List<String> approvers(int number) throws HostApiException;

    /** The pull request (GitLab: merge request), open or not, whose head is {@code branch}; empty when none. */
    java.util.Optional<Opened> pullRequestFrom(String branch) throws HostApiException;

    /**
     * Opens a pull request of {@code branch} into {@code base}. Not repeated after a lost answer (the host may
     * have made it): the caller looks it up with {@link #pullRequestFrom} before trying again.
     */
    Opened openPullRequest(String branch, String base, String title, String body) throws HostApiException;

    /** A pull request Sextant opened or found: {@code #12} on GitHub, {@code !12} on GitLab, and its page. */
    record Opened(int number, String url) {}

    /**
     * A comment on a pull request.
     *
     * @param url where people see it, or null when the host does not say
     */
    record Comment(long id, String body, String url) {}

    /**
     * A pull request (GitLab: merge request) as far as approval cares.
     *
     * @param number         the number people use ({@code #17}, GitLab's {@code !17} iid)
     * @param merged         whether it was merged
     * @param mergeCommitSha the commit its merge made on the target branch, or null
     * @param author         who opened it
     */
    record PullRequest(int number, boolean merged, String mergeCommitSha, String author) {}

    /** A commit status; each host spells some states its own way. */
    enum CommitState {
        SUCCESS("success", "success"),
        FAILURE("failure", "failed"),
        PENDING("pending", "pending"),
        ERROR("error", "failed");

        private final String github;
        private final String gitlab;

        CommitState(String github, String gitlab) {
            this.github = github;
            this.gitlab = gitlab;
        }

        String github() {
            return github;
        }

        String gitlab() {
            return gitlab;
        }
    }
}
