package io.sextant.git.api;

import java.util.List;
import java.util.Objects;

/**
 * A targeted revert: one new commit on top of the watched branch's head that gives {@code paths} back their
 * content at {@code fromCommit} (a path absent there is deleted), pushed to {@code branch} of the remote.
 *
 * @param fromCommit the commit whose content the paths get back (40 hex digits)
 * @param paths      repository paths to restore; nothing else in the tree changes
 * @param branch     the remote branch to push to: a new branch (see {@link #onWatchedBranch}) or the watched one
 * @param message    the commit message
 * @param authorName the name the commit is authored and committed under
 * @param authorEmail its e-mail
 * @param onWatchedBranch true to push onto the watched branch itself (a fast-forward, never a force push);
 *                   false to create {@code branch}, which is left as it is when it already exists
 */
public record Restore(String fromCommit, List<String> paths, String branch, String message, String authorName,
                      String authorEmail, boolean onWatchedBranch) {

    public Restore {
        Objects.requireNonNull(fromCommit, "fromCommit");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(message, "message");
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a restore needs at least one path");
        }
    }

    /**
     * What a restore did.
     *
     * @param commitId the head of {@code branch} on the remote afterwards
     * @param created  false when the branch was already there (an earlier attempt or another replica made it)
     */
    public record Pushed(String branch, String commitId, boolean created) {}
}
