package io.sextant.engine.rollback;

import io.sextant.git.api.Blob;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files a targeted revert restores: among the spec files that differ between the target commit and the
 * reverted one, those that define the resource at either commit. Whole files, not single documents: a
 * rewritten YAML document would lose its comments and layout, and a file is what a reviewer reads in a diff.
 */
final class RevertFiles {

    private RevertFiles() {
    }

    static List<String> of(GitSource git, SpecLoader loader, ResourceKey key, String target, String reverted)
            throws GitException {
        Map<String, String> before = blobs(git.listFiles(target));
        Map<String, String> after = blobs(git.listFiles(reverted));
        List<String> paths = new ArrayList<>();
        for (PathChange change : git.changes(target, reverted)) {
            if (defines(git, loader, key, change.path(), before.get(change.path()))
                    || defines(git, loader, key, change.path(), after.get(change.path()))) {
                paths.add(change.path());
            }
        }
        return paths;
    }

    private static Map<String, String> blobs(List<SpecFile> files) {
        return files.stream().collect(Collectors.toMap(SpecFile::path, SpecFile::blobId, (a, b) -> a));
    }

    private static boolean defines(GitSource git, SpecLoader loader, ResourceKey key, String path, String blobId)
            throws GitException {
        if (blobId == null || !(git.readBlob(blobId) instanceof Blob.Content content)) {
            return false;
        }
        return loader.load(path, content.bytes()).documents().stream().anyMatch(d -> d.key().equals(key));
    }
}
