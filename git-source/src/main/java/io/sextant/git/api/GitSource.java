package io.sextant.git.api;

import java.util.List;

/**
 * A Git repository a source watches, kept as a local clone. JGit stays behind this interface.
 * Thread-safe.
 */
public interface GitSource extends AutoCloseable {

    /** Cheap change check: the commit the watched branch points at on the remote, without fetching. */
    String lsRemote() throws GitException;

    /** Clones on first use, otherwise fetches the watched branch; returns its head commit. */
    CommitInfo fetch() throws GitException;

    /** A commit id (full or abbreviated), branch or tag of the local clone, resolved to its commit. */
    CommitInfo resolve(String revision) throws GitException;

    /**
     * Fetches a revision that may not be on the watched branch, then resolves it: a full ref such as
     * {@code refs/pull/17/head} or {@code refs/merge-requests/5/head} (force-fetched into the same ref of
     * the local clone, so a rewritten pull request is followed), or a 40-hex commit id (taken from the
     * watched branch when it is there, otherwise asked for by id, which the server may refuse). Anything
     * else fetches the watched branch and resolves the revision there.
     */
    default CommitInfo fetchRevision(String refOrCommit) throws GitException {
        fetch();
        return resolve(refOrCommit);
    }

    /** Every spec file under the source's paths at a commit. */
    List<SpecFile> listFiles(String commitId) throws GitException;

    /** Spec files under the source's paths that differ between two commits (tree diff). */
    List<PathChange> changes(String fromCommitId, String toCommitId) throws GitException;

    /**
     * Content of a blob, or {@link Blob.TooLarge} when it is larger than the source's
     * {@link GitSourceSpec#maxFileBytes() limit}: decided from the object's size, before any content is
     * read, so a huge file costs no memory. Throws only when the object cannot be read at all.
     */
    Blob readBlob(String blobId) throws GitException;

    /** The largest blob {@link #readBlob} reads, in bytes: the source's {@link GitSourceSpec#maxFileBytes()}. */
    default long maxFileBytes() {
        return GitSourceSpec.DEFAULT_MAX_FILE_BYTES;
    }

    /**
     * Checks the signature of a commit of the local clone against {@code keys}; a missing, untrusted or
     * broken signature is a result, not an exception. Fails only when the commit cannot be read.
     */
    default SignatureCheck verifySignature(String commitId, TrustedKeys keys) throws GitException {
        throw new GitException(getClass().getSimpleName() + " cannot verify commit signatures");
    }

    /**
     * Makes the commit a {@link Restore} describes on top of the freshly fetched watched branch and pushes it
     * with the source's credentials. Idempotent for a new branch: when it already exists on the remote,
     * nothing is pushed and its head is returned. Fails when the paths already hold that content (nothing to
     * revert) or the push is refused (the watched branch moved meanwhile: the caller retries).
     */
    default Restore.Pushed pushRestore(Restore restore) throws GitException {
        throw new GitException(getClass().getSimpleName() + " cannot push");
    }

    @Override
    void close();
}
