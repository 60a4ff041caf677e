package io.sextant.engine.reconcile;

import io.sextant.git.api.Blob;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.LoadResult;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.api.Selectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Loads a source's specs at a commit. After the first load only files the tree diff reports as
 * changed are read and parsed, and parsed files are cached by (path, blob id), so the cost of a
 * commit follows the size of the change, not of the repository.
 */
@Component
class DesiredStateLoader {

    private static final int CACHE_ENTRIES = 50_000;
    /** Fewer files per thread than this are parsed on the calling thread alone. */
    private static final int PARSE_BATCH = 64;

    private final SpecLoader specLoader;
    private final Selectors selectors;
    private final Map<String, LoadResult> parsed = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LoadResult> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    /** A loader of the built-in kinds only. */
    DesiredStateLoader() {
        this(Kinds.builtIn());
    }

    @Autowired
    DesiredStateLoader(Kinds kinds) {
        this.specLoader = new SpecLoader(kinds);
        this.selectors = new Selectors(kinds);
    }

    /**
     * Every spec file at {@code commit}, parsed from scratch (or from the blob cache). Files are parsed on
     * every core, which is most of a first load's time; the state is built from the results in path order.
     */
    DesiredState loadFull(GitSource git, CommitInfo commit) throws GitException {
        List<SpecFile> listed = git.listFiles(commit.id());
        List<LoadResult> results = AllCores.map(listed, PARSE_BATCH, file -> parse(git, file.path(), file.blobId()));
        Map<String, LoadedFile> files = new TreeMap<>();
        Set<ResourceKey> keys = new HashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            SpecFile file = listed.get(i);
            LoadResult result = results.get(i);
            files.put(file.path(), new LoadedFile(file.blobId(), result.documents(), result.errors(), result.warnings()));
            result.documents().forEach(d -> keys.add(d.key()));
        }
        List<SpecDocument> all = new ArrayList<>();
        files.values().forEach(f -> all.addAll(f.documents()));
        replace(files, selectors.resolve(all, namespace -> true));
        return new DesiredState(commit, files, keys, true, null);
    }

    /** {@code previous} moved to {@code commit}, reading only the files that changed. */
    DesiredState loadIncremental(GitSource git, DesiredState previous, CommitInfo commit) throws GitException {
        if (previous.commit().id().equals(commit.id())) {
            return new DesiredState(commit, previous.files(), Set.of(), false,
                    new DesiredState.Change(previous.generation(), List.of(), List.of()));
        }
        Map<String, LoadedFile> files = new TreeMap<>(previous.files());
        Set<ResourceKey> changed = new HashSet<>();
        List<SpecDocument> removed = new ArrayList<>();
        List<SpecDocument> added = new ArrayList<>();
        for (PathChange change : git.changes(previous.commit().id(), commit.id())) {
            LoadedFile before = files.remove(change.path());
            if (before != null) {
                before.documents().forEach(d -> changed.add(d.key()));
                removed.addAll(before.documents());
            }
            if (change.type() == PathChange.Type.DELETED) {
                continue;
            }
            LoadResult result = parse(git, change.path(), change.blobId());
            List<SpecDocument> documents = result.ok() || before == null ? result.documents() : before.documents();
            files.put(change.path(), new LoadedFile(change.blobId(), documents, result.errors(), result.warnings()));
            result.documents().forEach(d -> changed.add(d.key()));
            added.addAll(documents);
        }
        // A change can alter what the selectors of its namespaces match, in files it did not touch: such a
        // document is re-resolved and then changed like an edited one, so it is validated and planned again.
        Set<String> namespaces = new HashSet<>();
        changed.forEach(key -> namespaces.add(key.namespace()));
        List<SpecDocument> all = new ArrayList<>();
        files.values().forEach(f -> all.addAll(f.documents()));
        Map<SpecDocument, SpecDocument> resolved = selectors.resolve(all, namespaces::contains);
        replace(files, resolved);
        Set<SpecDocument> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.addAll(added);
        added.replaceAll(d -> resolved.getOrDefault(d, d));
        resolved.forEach((before, after) -> {
            if (!fresh.contains(before)) {
                removed.add(before);
                added.add(after);
                changed.add(after.key());
            }
        });
        return new DesiredState(commit, files, changed, false,
                new DesiredState.Change(previous.generation(), removed, added));
    }

    /** Puts the resolved documents in place of the ones they resolve, file by file. */
    private static void replace(Map<String, LoadedFile> files, Map<SpecDocument, SpecDocument> resolved) {
        if (resolved.isEmpty()) {
            return;
        }
        files.replaceAll((path, file) -> file.documents().stream().noneMatch(resolved::containsKey) ? file
                : new LoadedFile(file.blobId(), file.documents().stream().map(d -> resolved.getOrDefault(d, d)).toList(),
                        file.errors(), file.warnings()));
    }

    /**
     * One file's documents, or its errors. Every way a file can be unreadable — too large, binary, not UTF-8,
     * not YAML, not a valid resource — is a {@link LoadResult} with errors at its path, so it takes the path
     * of a broken file above and never stops the rest of the commit; only a Git failure throws.
     */
    private LoadResult parse(GitSource git, String path, String blobId) throws GitException {
        // The limit is part of the key: sources sharing this cache may set different ones.
        String cacheKey = path + "@" + blobId + "/" + git.maxFileBytes();
        LoadResult cached = parsed.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Blob blob = git.readBlob(blobId);
        LoadResult result = blob instanceof Blob.TooLarge tooLarge
                ? SpecLoader.tooLarge(path, tooLarge.size(), tooLarge.limit())
                : specLoader.load(path, ((Blob.Content) blob).bytes());
        parsed.put(cacheKey, result);
        return result;
    }
}
