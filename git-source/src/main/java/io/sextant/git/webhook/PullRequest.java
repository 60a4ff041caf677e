package io.sextant.git.webhook;

import java.util.Objects;

/**
 * A pull-request (GitLab: merge-request) event, reduced to what previews and approval gates need.
 * Branch references are plain branch names ({@code main}), whatever form the host uses.
 *
 * @param provider       the host that sent it
 * @param repository     the repository the pull request targets
 * @param action         what happened, in one vocabulary for every host
 * @param providerAction the host's own action name ({@code synchronize}, {@code update}, ...)
 * @param number         the pull request's number (GitLab: the merge request's iid)
 * @param headSha        the commit at the head of the pull request
 * @param headRef        the branch the changes come from
 * @param baseRef        the branch the pull request would merge into
 * @param merged         whether it has been merged
 * @param mergeCommitSha the commit the merge created on the base branch; null unless merged
 *                       (GitHub reports a test-merge commit for open pull requests, which never lands)
 * @param author         the pull request's author; null when the host does not say (GitLab
 *                       merge-request hooks carry only the author's numeric id)
 * @param review         the review, for {@link PullRequestAction#REVIEWED}; null otherwise
 */
public record PullRequest(WebhookProvider provider, RepositoryId repository, PullRequestAction action,
                          String providerAction, int number, String headSha, String headRef, String baseRef,
                          boolean merged, String mergeCommitSha, String author, Review review) implements WebhookEvent {

    public PullRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(action, "action");
        if (number <= 0) {
            throw new IllegalArgumentException("a pull request has a positive number, got " + number);
        }
        if (action == PullRequestAction.REVIEWED && review == null) {
            throw new IllegalArgumentException("a review event carries its review");
        }
        headRef = branchName(headRef);
        baseRef = branchName(baseRef);
        mergeCommitSha = merged ? mergeCommitSha : null;
    }

    private static String branchName(String ref) {
        return ref != null && ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    /**
     * One review of a pull request.
     *
     * @param state    {@code approved}, {@code changes_requested}, {@code commented}, {@code dismissed}
     *                 or {@code unapproved} (GitLab withdrawing an approval)
     * @param reviewer who reviewed, as the host names them; null when unknown
     */
    public record Review(String state, String reviewer) {

        public Review {
            Objects.requireNonNull(state, "state");
        }

        public boolean approved() {
            return "approved".equals(state);
        }
    }
}
