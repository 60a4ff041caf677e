package io.sextant.git.jgit;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.OrTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Which paths of a tree are spec files: {@code .yaml}/{@code .yml} regular files under the source's
 * directory prefixes. The filter prunes whole subtrees outside the prefixes, so the cost of a walk
 * follows the watched part of the repository, not all of it.
 */
final class SpecFilter {

    private final List<String> prefixes;

    /** @param paths prefixes as a user writes them: {@code teams/}, {@code teams}, {@code ./teams} */
    SpecFilter(List<String> paths) {
        List<String> normalized = new ArrayList<>();
        for (String path : paths) {
            String p = normalize(path);
            if (p.isEmpty()) {
                normalized.clear();  // one "whole repository" entry makes the others moot
                break;
            }
            normalized.add(p);
        }
        this.prefixes = List.copyOf(normalized);
    }

    static String normalize(String path) {
        String p = path.trim().replace('\\', '/');
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.startsWith("./") ? 2 : 1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    /**
     * A fresh filter for one walk (JGit filters may keep state). PathFilterGroup matches on directory
     * boundaries: {@code teams} selects {@code teams/a.yaml} but not {@code teams2/a.yaml}.
     */
    TreeFilter treeFilter() {
        TreeFilter suffix = OrTreeFilter.create(PathSuffixFilter.create(".yaml"), PathSuffixFilter.create(".yml"));
        return prefixes.isEmpty() ? suffix : AndTreeFilter.create(PathFilterGroup.createFromStrings(prefixes), suffix);
    }

    /** Symlinks and submodules may carry a spec-like name but are not files whose content we read. */
    static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }
}
