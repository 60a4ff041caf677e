package io.sextant.git.jgit;

import io.sextant.git.api.GitException;
import io.sextant.git.api.Restore;
import java.io.IOException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Builds the commit of a {@link Restore} in a bare repository, without a work tree: the base commit's tree
 * in an in-memory index, the restored paths edited in, written as a new tree. Nothing but those paths changes.
 */
final class Restores {

    private Restores() {
    }

    /** The new commit's id; fails when the paths already hold the content of {@code from}. */
    static ObjectId commit(Repository repo, RevCommit base, RevCommit from, Restore restore) throws IOException,
            GitException {
        DirCache index = DirCache.newInCore();
        try (ObjectReader reader = repo.newObjectReader(); ObjectInserter inserter = repo.newObjectInserter()) {
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (String path : restore.paths()) {
                try (TreeWalk walk = TreeWalk.forPath(repo, path, from.getTree())) {
                    if (walk == null) {
                        editor.add(new DirCacheEditor.DeletePath(path));
                        continue;
                    }
                    ObjectId blob = walk.getObjectId(0);
                    var mode = walk.getFileMode(0);
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(mode);
                            entry.setObjectId(blob);
                        }
                    });
                }
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            if (tree.equals(base.getTree())) {
                throw new GitException("nothing to revert: " + String.join(", ", restore.paths())
                        + " already hold their content at " + from.name().substring(0, 7) + " on the branch head "
                        + base.name().substring(0, 7));
            }
            PersonIdent who = new PersonIdent(restore.authorName(), restore.authorEmail());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(base);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(restore.message());
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }
}
