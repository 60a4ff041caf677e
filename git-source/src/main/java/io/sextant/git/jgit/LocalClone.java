package io.sextant.git.jgit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare repository in a source's cache directory: opened if healthy, otherwise wiped and made
 * anew, so a damaged cache costs one re-clone instead of a stuck source.
 */
final class LocalClone {

    private static final Logger log = LoggerFactory.getLogger(LocalClone.class);

    private static final List<String> GIT_DIR_ENTRIES = List.of("HEAD", "config", "objects", "refs");

    private final Path dir;
    private final String branch;

    LocalClone(Path dir, String branch) {
        this.dir = dir.toAbsolutePath().normalize();
        this.branch = branch;
    }

    /** Opens the cached repository, or an empty one when there is none or it is unusable. */
    Repository open() throws IOException {
        Repository cached = hasContent() ? openCached() : null;
        return cached != null ? gcInForeground(cached) : create();
    }

    /** The cache as it is, or null once an unusable one is deleted. */
    private Repository openCached() throws IOException {
        removeStaleLocks();
        Repository repo = null;
        try {
            repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            checkBranchReadable(repo);
            return repo;
        } catch (IOException | RuntimeException damaged) {
            if (repo != null) {
                repo.close();
            }
            log.warn("Git cache {} is unusable ({}); deleting it to clone again", dir, damaged.toString());
            wipe();
            return null;
        }
    }

    /** Deletes the cache and opens an empty repository in its place. */
    Repository recreate(Repository damaged) throws IOException {
        damaged.close();
        wipe();
        return create();
    }

    private Repository create() throws IOException {
        try {
            return gcInForeground(Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch(branch)
                    .call().getRepository());
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException("cannot create a repository in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * JGit ends every fetch with an automatic gc, by default on a thread of its own that outlives the fetch,
     * and even the source's close: the next source opened on this cache found that gc's {@code gc.log.lock}
     * and took it for a crash's. Run in the fetch, under the source's lock, it is done when the fetch is.
     * It seldom has work: a fetch adds a pack, and they are repacked once there are more than 51
     * ({@code gc.autoPackLimit} + 1).
     */
    private static Repository gcInForeground(Repository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
        return repo;
    }

    /** Reads the cached head commit and its tree: a ref to missing objects means a damaged cache. */
    private void checkBranchReadable(Repository repo) throws IOException {
        Ref ref = repo.exactRef("refs/heads/" + branch);
        if (ref == null) {
            return;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(ref.getObjectId());
            walk.parseTree(head.getTree());
        }
    }

    private boolean hasContent() throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                wipe();
            }
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isPresent();
        }
    }

    /**
     * A process killed mid-update leaves {@code *.lock} files that make every later ref update fail.
     * The cache belongs to this source alone, so a lock found before we open it is stale.
     */
    private void removeStaleLocks() throws IOException {
        List<Path> locks = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".lock")) {
                    locks.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // gone while we looked: not a lock left behind
                }
                throw failure;
            }
        });
        for (Path lock : locks) {
            log.warn("Removing stale lock {}", lock);
            Files.deleteIfExists(lock);
        }
    }

    /**
     * Deletes the cache; refuses when the directory does not look like a Git directory, so a cache
     * pointed at the wrong place by mistake never costs someone their files.
     */
    private void wipe() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir) || GIT_DIR_ENTRIES.stream().noneMatch(e -> Files.exists(dir.resolve(e)))) {
            throw new IOException("cache directory " + dir + " holds something that is not a Git"
                    + " repository; refusing to delete it");
        }
        List<Path> paths;
        try (Stream<Path> files = Files.walk(dir)) {
            paths = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
