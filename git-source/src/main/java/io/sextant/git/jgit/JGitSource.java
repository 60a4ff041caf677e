package io.sextant.git.jgit;

import io.sextant.git.api.Blob;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.Restore;
import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.SpecFile;
import io.sextant.git.api.TrustedKeys;
import io.sextant.git.signature.CommitSignatures;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GitSource} on JGit: a bare clone of the watched branch in the cache directory, kept open for
 * the life of the instance. One lock per instance serialises use of the repository; ls-remote does
 * not touch it and runs without the lock, so a slow poll never blocks a reader.
 */
final class JGitSource implements GitSource {

    private static final Logger log = LoggerFactory.getLogger(JGitSource.class);

    private final GitSourceSpec spec;
    private final Failures failures;
    private final Remote remote;
    private final SpecFilter filter;
    private final LocalClone clone;
    private Repository repo;
    /** Set when a read met damaged objects: the next fetch starts from a fresh clone. */
    private boolean damaged;
    private volatile boolean closed;

    JGitSource(GitSourceSpec spec) {
        this.spec = spec;
        this.failures = new Failures(Failures.secretsOf(spec), Failures.displayUrl(spec.url()));
        this.remote = new Remote(spec, failures);
        this.filter = new SpecFilter(spec.paths());
        this.clone = new LocalClone(spec.cacheDir(), spec.branch());
    }

    @Override
    public String lsRemote() throws GitException {
        checkOpen();
        return remote.headId();
    }

    @Override
    public synchronized CommitInfo fetch() throws GitException {
        fetchWith("fetch of branch '" + spec.branch() + "' from " + remote.displayUrl() + " failed",
                remote::fetchInto, false);
        return resolve(remote.branchRef());
    }

    @Override
    public synchronized CommitInfo fetchRevision(String refOrCommit) throws GitException {
        if (refOrCommit == null || refOrCommit.isBlank()) {
            throw new GitException("revision must not be empty");
        }
        if (refOrCommit.startsWith("refs/")) {
            if (!Repository.isValidRefName(refOrCommit)) {
                throw new GitException("'" + refOrCommit + "' is not a valid ref name");
            }
            fetchWith("fetch of '" + refOrCommit + "' from " + remote.displayUrl() + " failed",
                    local -> remote.fetchRefInto(local, refOrCommit), true);
            return resolve(refOrCommit);
        }
        if (!ObjectId.isId(refOrCommit)) {
            fetch();
            try {
                return resolve(refOrCommit); // the watched branch, a tag it brought, or a short commit id
            } catch (GitException notHere) {
                return fetchByName(refOrCommit, notHere);
            }
        } else if (!hasCommit(refOrCommit)) {
            fetch(); // a commit asked for is most often on the watched branch, which every server serves
            if (!hasCommit(refOrCommit)) {
                fetchWith("fetch of commit " + refOrCommit + " from " + remote.displayUrl() + " failed",
                        local -> remote.fetchCommitInto(local, refOrCommit), true);
            }
        }
        return resolve(refOrCommit);
    }

    /**
     * A branch or tag name the watched branch does not reach ({@code preview}, {@code v1.2}): fetched as a
     * branch into {@code refs/remotes/origin/NAME}, else as a tag; {@code notFound} when it is neither.
     */
    private CommitInfo fetchByName(String name, GitException notFound) throws GitException {
        String branch = "refs/heads/" + name;
        String tag = "refs/tags/" + name;
        if (!Repository.isValidRefName(branch)) {
            throw notFound;
        }
        String tracking = "refs/remotes/origin/" + name;
        try {
            fetchWith("fetch of branch '" + name + "' from " + remote.displayUrl() + " failed",
                    local -> remote.fetchRefAs(local, branch, tracking), true);
            return resolve(tracking);
        } catch (GitException noBranch) {
            if (!noBranch.getMessage().startsWith("ref '")) {
                throw noBranch; // the remote failed, not the name
            }
        }
        try {
            fetchWith("fetch of tag '" + name + "' from " + remote.displayUrl() + " failed",
                    local -> remote.fetchRefInto(local, tag), true);
            return resolve(tag);
        } catch (GitException noTag) {
            if (!noTag.getMessage().startsWith("ref '")) {
                throw noTag;
            }
            throw new GitException("revision '" + name + "' not found: no commit, branch or tag of that name on "
                    + remote.displayUrl());
        }
    }

    private boolean hasCommit(String commitId) throws GitException {
        try {
            return repository().getObjectDatabase().has(ObjectId.fromString(commitId));
        } catch (IOException e) {
            throw readFailure("looking up commit " + commitId + " failed", e);
        }
    }

    /** Something to fetch into the local clone. */
    private interface Fetch {
        void into(Repository local) throws Exception;
    }

    /**
     * Runs a fetch; a damaged cache is cloned again. A fresh clone also gets the watched branch when
     * {@code besidesBranch}, so the reconciler still finds the commits it knows.
     */
    private void fetchWith(String what, Fetch fetch, boolean besidesBranch) throws GitException {
        if (damaged && besidesBranch) {
            fetch(); // clones again, with the watched branch
        }
        Repository local = repository();
        if (damaged) {
            local = reclone(local);
        }
        try {
            fetch.into(local);
        } catch (GitException e) {
            throw e;
        } catch (Exception e) {
            if (!Failures.isLocalCorruption(e)) {
                throw failures.wrap(what, e);
            }
            log.warn("Git cache {} of source '{}' is damaged ({}); cloning again",
                    spec.cacheDir(), spec.name(), failures.redact(e.toString()));
            try {
                Repository fresh = reclone(local);
                if (besidesBranch) {
                    remote.fetchInto(fresh);
                }
                fetch.into(fresh);
            } catch (GitException again) {
                throw again;
            } catch (Exception again) {
                throw failures.wrap(what, again);
            }
        }
    }

    @Override
    public synchronized CommitInfo resolve(String revision) throws GitException {
        try (RevWalk walk = new RevWalk(repository())) {
            return info(commit(walk, revision));
        }
    }

    @Override
    public synchronized List<SpecFile> listFiles(String commitId) throws GitException {
        Repository local = repository();
        try (RevWalk walk = new RevWalk(local)) {
            return Trees.list(local, commit(walk, commitId).getTree(), filter);
        } catch (IOException e) {
            throw readFailure("listing spec files at " + commitId + " failed", e);
        }
    }

    @Override
    public synchronized List<PathChange> changes(String fromCommitId, String toCommitId) throws GitException {
        Repository local = repository();
        try (RevWalk walk = new RevWalk(local)) {
            RevCommit from = commit(walk, fromCommitId);
            RevCommit to = commit(walk, toCommitId);
            return Trees.diff(local, from.getTree(), to.getTree(), filter);
        } catch (IOException e) {
            throw readFailure("diff " + fromCommitId + ".." + toCommitId + " failed", e);
        }
    }

    @Override
    public synchronized Blob readBlob(String blobId) throws GitException {
        if (blobId == null || !ObjectId.isId(blobId)) {
            throw new GitException("'" + blobId + "' is not a blob id (40 hex digits)");
        }
        try (ObjectReader reader = repository().newObjectReader()) {
            return Blobs.read(reader, ObjectId.fromString(blobId), spec.maxFileBytes());
        } catch (MissingObjectException e) {
            throw new GitException("blob " + blobId + " not found");
        } catch (IncorrectObjectTypeException e) {
            throw new GitException("object " + blobId + " is not a blob");
        } catch (IOException e) {
            throw readFailure("reading blob " + blobId + " failed", e);
        }
    }

    @Override
    public long maxFileBytes() {
        return spec.maxFileBytes();
    }

    @Override
    public synchronized SignatureCheck verifySignature(String commitId, TrustedKeys keys) throws GitException {
        Repository local = repository();
        try (RevWalk walk = new RevWalk(local)) {
            return CommitSignatures.verify(local, commit(walk, commitId).getRawBuffer(), keys);
        }
    }

    @Override
    public synchronized Restore.Pushed pushRestore(Restore restore) throws GitException {
        if (!restore.onWatchedBranch()) {
            if (!Repository.isValidRefName("refs/heads/" + restore.branch())) {
                throw new GitException("'" + restore.branch() + "' is not a valid branch name");
            }
            String existing = remote.branchId(restore.branch());
            if (existing != null) {
                return new Restore.Pushed(restore.branch(), existing, false);
            }
        }
        CommitInfo head = fetch();
        if (!hasCommit(restore.fromCommit())) {
            fetchRevision(restore.fromCommit());
        }
        Repository local = repository();
        String localRef = "refs/sextant/push/" + restore.branch();
        ObjectId id;
        try (RevWalk walk = new RevWalk(local)) {
            id = Restores.commit(local, commit(walk, head.id()), commit(walk, restore.fromCommit()), restore);
            org.eclipse.jgit.lib.RefUpdate update = local.updateRef(localRef);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            update.update();
        } catch (IOException e) {
            throw readFailure("making the revert commit failed", e);
        }
        String target = restore.onWatchedBranch() ? spec.branch() : restore.branch();
        String refused = remote.push(local, localRef, target);
        if (refused != null) {
            String now = restore.onWatchedBranch() ? null : remote.branchId(target);
            if (now != null) {
                return new Restore.Pushed(target, now, false); // another replica pushed it first
            }
            throw new GitException("push to branch '" + target + "' of " + remote.displayUrl() + " refused: "
                    + refused);
        }
        return new Restore.Pushed(target, id.name(), true);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (repo != null) {
            repo.close();
            repo = null;
        }
        remote.close();
    }

    private RevCommit commit(RevWalk walk, String revision) throws GitException {
        if (revision == null || revision.isBlank()) {
            throw new GitException("revision must not be empty");
        }
        ObjectId id;
        try {
            id = repository().resolve(revision);
        } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
            throw new GitException("revision '" + revision + "' is ambiguous");
        } catch (IOException | RuntimeException e) {
            throw failures.wrap("revision '" + revision + "' not found", e);
        }
        if (id == null) {
            throw new GitException("revision '" + revision + "' not found");
        }
        try {
            return walk.parseCommit(id);
        } catch (MissingObjectException e) {
            if (!ObjectId.isId(revision)) {
                // a ref or an abbreviation only resolves to objects that were there: they are lost
                throw readFailure("reading commit '" + revision + "' failed", e);
            }
            throw new GitException("revision '" + revision + "' not found");
        } catch (IncorrectObjectTypeException e) {
            throw new GitException("revision '" + revision + "' is not a commit");
        } catch (IOException e) {
            throw readFailure("reading commit '" + revision + "' failed", e);
        }
    }

    private GitException readFailure(String what, IOException e) {
        if (Failures.isLocalCorruption(e)) {
            damaged = true;
            log.warn("Git cache {} of source '{}' is damaged ({}); the next fetch clones again",
                    spec.cacheDir(), spec.name(), failures.redact(e.toString()));
        }
        return failures.wrap(what, e);
    }

    private Repository reclone(Repository local) throws GitException {
        damaged = false;
        try {
            repo = clone.recreate(local);
            return repo;
        } catch (IOException e) {
            repo = null;
            throw failures.wrap("cannot recreate the Git cache " + spec.cacheDir(), e);
        }
    }

    private static CommitInfo info(RevCommit commit) {
        var author = commit.getAuthorIdent();
        return new CommitInfo(commit.name(), author.getName() + " <" + author.getEmailAddress() + ">",
                commit.getFullMessage(), commit.getCommitterIdent().getWhenAsInstant());
    }

    private Repository repository() throws GitException {
        checkOpen();
        if (repo == null) {
            try {
                repo = clone.open();
            } catch (IOException e) {
                throw failures.wrap("cannot open the Git cache " + spec.cacheDir(), e);
            }
        }
        return repo;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Git source '" + spec.name() + "' is closed");
        }
    }
}
