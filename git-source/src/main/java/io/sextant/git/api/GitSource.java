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

    /** Every spec file under the source's paths at a commit. */
    List<SpecFile> listFiles(String commitId) throws GitException;

    /** Spec files under the source's paths that differ between two commits (tree diff). */
    List<PathChange> changes(String fromCommitId, String toCommitId) throws GitException;

    /** Content of a blob. */
    byte[] readBlob(String blobId) throws GitException;

    @Override
    void close();
}
