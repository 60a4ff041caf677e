package io.sextant.engine.reconcile;

import io.sextant.git.api.Blob;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Git remote and clone (the {@link GitSource} SPI): commits are maps of path to content,
 * blob ids are content hashes. {@link #fetch} makes the remote's commits known locally, so
 * {@link #resolve} of a commit not fetched yet fails as on a real clone. Counts every call by name and
 * can be made to fail every call with a {@link GitException}.
 */
final class FakeGit implements GitSource {

    private final Map<String, Map<String, String>> trees = new ConcurrentHashMap<>();
    private final Map<String, CommitInfo> commits = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Set<String> fetched = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile String head;
    private volatile GitException failure;

    /** Pushes a commit whose tree is exactly {@code files} (path → content); returns its id. */
    String push(String message, Map<String, String> files) {
        String id = Sha256.of(String.valueOf(head), message, files.toString()).substring(0, 40);
        trees.put(id, new TreeMap<>(files));
        files.values().forEach(content -> blobs.put(blobId(content), content.getBytes(StandardCharsets.UTF_8)));
        commits.put(id, new CommitInfo(id, "Ada <ada@example.com>", message, Instant.parse("2026-01-01T00:00:00Z")));
        head = id;
        return id;
    }

    /** Pushes the head's tree with {@code path} set to {@code content} (null removes it). */
    String pushChange(String message, String path, String content) {
        Map<String, String> files = new LinkedHashMap<>(head == null ? Map.of() : trees.get(head));
        if (content == null) {
            files.remove(path);
        } else {
            files.put(path, content);
        }
        return push(message, files);
    }

    /** Every call fails with {@code message} until {@link #heal}. */
    void breakWith(String message) {
        failure = new GitException(message);
    }

    void heal() {
        failure = null;
    }

    /** How many times {@code operation} (lsRemote, fetch, resolve, listFiles, changes, readBlob) was called. */
    int calls(String operation) {
        AtomicInteger count = counts.get(operation);
        return count == null ? 0 : count.get();
    }

    int allCalls() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void forgetCalls() {
        counts.clear();
    }

    private void call(String operation) throws GitException {
        counts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        if (failure != null) {
            throw failure;
        }
    }

    private static String blobId(String content) {
        return Sha256.of(content).substring(0, 40);
    }

    @Override
    public String lsRemote() throws GitException {
        call("lsRemote");
        return head;
    }

    @Override
    public CommitInfo fetch() throws GitException {
        call("fetch");
        fetched.addAll(commits.keySet());
        return commits.get(head);
    }

    @Override
    public CommitInfo resolve(String revision) throws GitException {
        call("resolve");
        if (!fetched.contains(revision)) {
            throw new GitException("no commit " + revision + " in the local clone");
        }
        return commits.get(revision);
    }

    @Override
    public List<SpecFile> listFiles(String commitId) throws GitException {
        call("listFiles");
        List<SpecFile> files = new ArrayList<>();
        tree(commitId).forEach((path, content) -> files.add(new SpecFile(path, blobId(content))));
        return files;
    }

    @Override
    public List<PathChange> changes(String fromCommitId, String toCommitId) throws GitException {
        call("changes");
        Map<String, String> from = tree(fromCommitId);
        Map<String, String> to = tree(toCommitId);
        Set<String> paths = new TreeSet<>(from.keySet());
        paths.addAll(to.keySet());
        List<PathChange> changes = new ArrayList<>();
        for (String path : paths) {
            String before = from.get(path);
            String after = to.get(path);
            if (before == null) {
                changes.add(new PathChange(PathChange.Type.ADDED, path, blobId(after)));
            } else if (after == null) {
                changes.add(new PathChange(PathChange.Type.DELETED, path, null));
            } else if (!before.equals(after)) {
                changes.add(new PathChange(PathChange.Type.MODIFIED, path, blobId(after)));
            }
        }
        return changes;
    }

    private Map<String, String> tree(String commitId) throws GitException {
        Map<String, String> tree = trees.get(commitId);
        if (tree == null || !fetched.contains(commitId)) {
            throw new GitException("missing commit " + commitId);
        }
        return tree;
    }

    @Override
    public Blob readBlob(String blobId) throws GitException {
        call("readBlob");
        byte[] bytes = blobs.get(blobId);
        if (bytes == null) {
            throw new GitException("missing blob " + blobId);
        }
        return new Blob.Content(bytes);
    }

    @Override
    public void close() {
    }

}
