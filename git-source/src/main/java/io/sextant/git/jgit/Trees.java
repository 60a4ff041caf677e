package io.sextant.git.jgit;

import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Walks of commit trees: the spec files of one tree, and the spec files that differ between two. */
final class Trees {

    private Trees() {
    }

    static List<SpecFile> list(Repository repo, RevTree tree, SpecFilter filter) throws IOException {
        List<SpecFile> files = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(filter.treeFilter());
            while (walk.next()) {
                if (SpecFilter.isFile(walk.getFileMode(0))) {
                    files.add(new SpecFile(walk.getPathString(), walk.getObjectId(0).name()));
                }
            }
        }
        return files;
    }

    /**
     * Compares blob ids path by path, without rename detection: a rename is the old path deleted and
     * the new one added, which is what a loader keyed by path needs. A mode-only change (the
     * executable bit) leaves the content, and so the spec, as it was, and is not reported.
     */
    static List<PathChange> diff(Repository repo, RevTree from, RevTree to, SpecFilter filter) throws IOException {
        List<PathChange> changes = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(from);
            walk.addTree(to);
            walk.setRecursive(true);
            walk.setFilter(AndTreeFilter.create(TreeFilter.ANY_DIFF, filter.treeFilter()));
            while (walk.next()) {
                PathChange change = change(walk);
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    private static PathChange change(TreeWalk walk) {
        FileMode oldMode = walk.getFileMode(0);
        FileMode newMode = walk.getFileMode(1);
        boolean hadFile = SpecFilter.isFile(oldMode);
        boolean hasFile = SpecFilter.isFile(newMode);
        String path = walk.getPathString();
        if (hadFile && hasFile) {
            return walk.idEqual(0, 1) ? null
                    : new PathChange(PathChange.Type.MODIFIED, path, walk.getObjectId(1).name());
        }
        if (hasFile) {
            return new PathChange(PathChange.Type.ADDED, path, walk.getObjectId(1).name());
        }
        return hadFile ? new PathChange(PathChange.Type.DELETED, path, null) : null;
    }
}
