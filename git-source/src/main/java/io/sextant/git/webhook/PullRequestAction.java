package io.sextant.git.webhook;

/** What happened to a pull request, in one vocabulary for GitHub, GitLab and Gitea. */
public enum PullRequestAction {

    /** Opened (GitHub {@code opened}, GitLab {@code open}). */
    OPENED,

    /** New commits on its head branch (GitHub {@code synchronize}, Gitea {@code synchronized}, GitLab {@code update} with {@code oldrev}). */
    SYNCHRONIZED,

    /** Reopened after being closed. */
    REOPENED,

    /** Closed without merging. */
    CLOSED,

    /** Merged (GitHub and Gitea: {@code closed} with {@code merged: true}; GitLab {@code merge}). */
    MERGED,

    /** A review was submitted, edited or dismissed, or an approval given or withdrawn. */
    REVIEWED,

    /** Anything else (edited, labeled, assigned, ...): see the provider's action name. */
    OTHER
}
