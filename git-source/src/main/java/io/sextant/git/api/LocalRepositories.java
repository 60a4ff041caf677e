package io.sextant.git.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Creates local working repositories, such as the quick start's copy of the sample repository. */
public final class LocalRepositories {

    private LocalRepositories() {
    }

    /**
     * Initialises a non-bare repository at {@code dir} on {@code branch}, writes {@code files}
     * (repository path to content) and commits them.
     *
     * @return the commit id
     */
    public static String createWithFiles(Path dir, String branch, Map<String, byte[]> files, String message)
            throws GitException {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call()) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new GitException("refusing to write outside the repository: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            git.add().addFilepattern(".").call();
            PersonIdent sextant = new PersonIdent("Sextant", "sextant@localhost");
            RevCommit commit = git.commit().setMessage(message).setAuthor(sextant).setCommitter(sextant)
                    .setSign(false).call();
            return commit.getId().name();
        } catch (GitAPIException | IOException e) {
            throw new GitException("cannot create repository at " + dir + ": " + e.getMessage(), e);
        }
    }
}
