package io.sextant.git.webhook;

/**
 * A webhook delivery, parsed: one of the few kinds of event Sextant acts on, or {@link Other}.
 * Every kind names the repository it concerns, which is how a delivery is matched to sources.
 */
public sealed interface WebhookEvent permits WebhookEvent.Push, PullRequest, WebhookEvent.Ping, WebhookEvent.Other {

    /** The host that sent it. */
    WebhookProvider provider();

    /** The repository the event concerns. */
    RepositoryId repository();

    /**
     * Commits pushed to a ref (GitHub and Gitea {@code push}, GitLab {@code Push Hook}).
     *
     * @param ref    the full ref, {@code refs/heads/main} or {@code refs/tags/v1}
     * @param before the ref's previous commit (40 zeros when the ref was created)
     * @param after  the ref's new commit (40 zeros when the ref was deleted)
     * @param pusher who pushed, as the host names them; null when unknown
     */
    record Push(WebhookProvider provider, RepositoryId repository, String ref, String before, String after,
                String pusher) implements WebhookEvent {

        private static final String HEADS = "refs/heads/";

        public Push {
            if (ref == null || ref.isBlank()) {
                throw new IllegalArgumentException("a push names the ref it updated");
            }
        }

        /** True when this push updated branch {@code branch} ({@code main}, not {@code refs/heads/main}). */
        public boolean updatesBranch(String branch) {
            return ref.equals(HEADS + branch);
        }
    }

    /**
     * GitHub's {@code ping}, sent when a webhook is created: proves the URL and secret work.
     *
     * @param hookId the webhook's id at the host, or null
     */
    record Ping(WebhookProvider provider, RepositoryId repository, String hookId) implements WebhookEvent {}

    /**
     * Any other event (issues, tags on GitLab, releases, ...): acknowledged, never acted on.
     *
     * @param event the event header's value
     */
    record Other(WebhookProvider provider, RepositoryId repository, String event) implements WebhookEvent {}
}
