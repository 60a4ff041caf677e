package io.sextant.engine.webhook;

import io.sextant.git.webhook.PullRequest;
import java.util.Objects;

/**
 * A pull request (GitLab: merge request) changed, as told by an authenticated webhook delivery.
 * Published as a Spring application event once for each source whose repository and secret the
 * delivery matched and whose watched branch is the pull request's base branch; listen with
 * {@code @EventListener}. Published synchronously on the request thread, before the host gets its
 * answer (GitHub gives up after 10 s): hand slow work, such as API calls, to another thread.
 * Deliveries are de-duplicated by delivery id, but a listener must still tolerate the same pull
 * request state twice (an engine restart forgets delivery ids).
 *
 * <p>Stable: components may be added at the end, none removed or renamed.
 *
 * @param source         the Sextant source ({@code sextant.sources[].name})
 * @param provider       {@code github}, {@code gitlab} or {@code gitea}
 * @param delivery       the host's delivery id; null when it sent none
 * @param action         what happened, in one vocabulary for every host
 * @param providerAction the host's own action name ({@code synchronize}, {@code update}, ...)
 * @param number         the pull request's number (GitLab: the merge request's iid)
 * @param headSha        the commit at the head of the pull request: what a preview should plan
 * @param headRef        the branch the changes come from
 * @param baseRef        the branch it merges into: the source's watched branch
 * @param merged         whether it has been merged
 * @param mergeCommitSha the commit the merge created on the base branch; null unless merged
 * @param author         the pull request's author; null when the host does not say (GitLab
 *                       merge-request hooks carry only a numeric author id)
 * @param repository     the repository's full name ({@code owner/name}); null if the payload has none
 * @param review         for {@link Action#REVIEWED}: the review; null otherwise
 */
public record PullRequestEvent(String source, String provider, String delivery, Action action, String providerAction,
                               int number, String headSha, String headRef, String baseRef, boolean merged,
                               String mergeCommitSha, String author, String repository, Review review) {

    public PullRequestEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(action, "action");
        if (action == Action.REVIEWED && review == null) {
            throw new IllegalArgumentException("a REVIEWED event carries its review");
        }
    }

    static PullRequestEvent of(String source, String delivery, PullRequest pr) {
        Review review = pr.review() == null ? null : new Review(pr.review().state(), pr.review().reviewer());
        return new PullRequestEvent(source, pr.provider().id(), delivery, Action.valueOf(pr.action().name()),
                pr.providerAction(), pr.number(), pr.headSha(), pr.headRef(), pr.baseRef(), pr.merged(),
                pr.mergeCommitSha(), pr.author(), pr.repository().fullName(), review);
    }

    /** What happened to the pull request. */
    public enum Action {
        /** Opened. */
        OPENED,
        /** New commits on its head branch: a preview is due again. */
        SYNCHRONIZED,
        /** Reopened after being closed. */
        REOPENED,
        /** Closed without merging. */
        CLOSED,
        /** Merged into the base branch; {@link #mergeCommitSha()} names the commit. */
        MERGED,
        /** A review was submitted, edited or dismissed, or an approval given or withdrawn. */
        REVIEWED,
        /** Anything else (edited, labeled, ...): see {@link #providerAction()}. */
        OTHER
    }

    /**
     * One review.
     *
     * @param state    {@code approved}, {@code changes_requested}, {@code commented}, {@code dismissed},
     *                 or {@code unapproved} (GitLab withdrawing an approval)
     * @param reviewer who reviewed, as the host names them; null when unknown
     */
    public record Review(String state, String reviewer) {

        public Review {
            Objects.requireNonNull(state, "state");
        }

        /** True for an approving review. */
        public boolean approved() {
            return "approved".equals(state);
        }
    }
}
