package io.sextant.git.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git} command-line client for tests, the way a user would change a repository.
 * Independent of the machine's git configuration: a fixed identity, no global or system config, no
 * prompts.
 */
public final class GitCli {

    /** The identity every commit gets unless the test passes {@code --author}. */
    public static final String NAME = "Sextant Test";
    public static final String EMAIL = "test@sextant.invalid";

    private static final long TIMEOUT_SECONDS = 60;

    private GitCli() {
    }

    /** Runs {@code git args...} in {@code dir}; returns stdout, or fails the test with stderr. */
    public static String git(Path dir, String... args) {
        return gitWithInput(dir, "", args);
    }

    /**
     * Runs {@code git args...} with {@code input} on stdin, e.g. {@code fast-import}, which builds a
     * repository of thousands of files without writing them to disk one by one.
     */
    public static String gitWithInput(Path dir, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.writeString(Files.createTempFile("git-in", ".txt"), input, StandardCharsets.UTF_8);
            out = Files.createTempFile("git-out", ".txt");
            err = Files.createTempFile("git-err", ".txt");
            // Files, not pipes: nothing to drain, and a prompt reads end-of-file and fails, never hangs.
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            configure(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " timed out after " + TIMEOUT_SECONDS + " s");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " in " + dir + " exited " + process.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8) + stdout);
            }
            return stdout;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } finally {
            deleteQuietly(in);
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** {@code git init -b main} in {@code dir} (created if needed); returns {@code dir}. */
    public static Path initRepo(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError("cannot create " + dir, e);
        }
        git(dir, "init", "-q", "-b", "main");
        return dir;
    }

    /** A bare repository, as on a Git server, that working repositories push to. */
    public static Path initBare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError("cannot create " + dir, e);
        }
        git(dir, "init", "-q", "--bare", "-b", "main");
        return dir;
    }

    /** Writes {@code content} to {@code path} (relative to the repository), creating directories. */
    public static Path writeFile(Path repo, String path, String content) {
        Path file = repo.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Writes a file of exactly {@code size} bytes: {@code head}, then {@code filler} repeated (the last copy cut
     * short). Streamed, so a file of tens of megabytes costs no heap.
     */
    public static Path writeLargeFile(Path repo, String path, String head, String filler, long size) {
        Path file = repo.resolve(path);
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] repeat = filler.getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                long written = Math.min(start.length, size);
                out.write(start, 0, (int) written);
                while (written < size) {
                    int n = (int) Math.min(repeat.length, size - written);
                    out.write(repeat, 0, n);
                    written += n;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file, e);
        }
        return file;
    }

    /** Stages every change (additions, edits, deletions) and commits; returns the new commit id. */
    public static String commitAll(Path repo, String message) {
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "--allow-empty", "-m", message);
        return head(repo);
    }

    /** Writes one file and commits it; returns the new commit id. */
    public static String commitFile(Path repo, String path, String content, String message) {
        writeFile(repo, path, content);
        return commitAll(repo, message);
    }

    /** The commit id HEAD points at. */
    public static String head(Path repo) {
        return git(repo, "rev-parse", "HEAD").trim();
    }

    private static void configure(Map<String, String> env) {
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", NAME);
        env.put("GIT_AUTHOR_EMAIL", EMAIL);
        env.put("GIT_COMMITTER_NAME", NAME);
        env.put("GIT_COMMITTER_EMAIL", EMAIL);
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        env.remove("GIT_ASKPASS");
        env.remove("SSH_ASKPASS");
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
