package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.spec.api.LoadFailures;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The specs of a source at one commit, file by file, and which resources the step from the previous
 * commit touched. Immutable; the views over every document are built once, on first use, because a
 * run asks for them several times and a drift scan reuses the state of the last commit.
 */
final class DesiredState {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    /**
     * What changed from the state this one was loaded from: documents of changed files before and after.
     *
     * @param from the generation of that state
     */
    record Change(long from, List<SpecDocument> removed, List<SpecDocument> added) {}

    private final long generation = GENERATIONS.incrementAndGet();
    private final CommitInfo commit;
    private final Map<String, LoadedFile> files;
    private final Set<ResourceKey> changedKeys;
    private final boolean full;
    private final Change change;
    private volatile List<SpecDocument> documents;
    private volatile Map<ResourceKey, SpecDocument> byKey;

    /**
     * @param commit       the commit loaded
     * @param files        every spec file by path
     * @param changedKeys  resources defined (before or after) in files that changed since the previous commit
     * @param full         whether everything was loaded from scratch (first load)
     * @param change       the documents that changed from the state this one was loaded from, or null
     */
    DesiredState(CommitInfo commit, Map<String, LoadedFile> files, Set<ResourceKey> changedKeys, boolean full,
                 Change change) {
        this.commit = commit;
        this.files = files;
        this.changedKeys = changedKeys;
        this.full = full;
        this.change = change;
    }

    /** Identifies this state (instances, not commits: a commit may be loaded twice). */
    long generation() {
        return generation;
    }

    /** The change from the state this was loaded from, or null when loaded from scratch. */
    Change change() {
        return change;
    }

    CommitInfo commit() {
        return commit;
    }

    Map<String, LoadedFile> files() {
        return files;
    }

    Set<ResourceKey> changedKeys() {
        return changedKeys;
    }

    boolean full() {
        return full;
    }

    /** Every document, last good version of broken files included. */
    Collection<SpecDocument> documents() {
        List<SpecDocument> all = documents;
        if (all == null) {
            List<SpecDocument> built = new ArrayList<>();
            files.values().forEach(f -> built.addAll(f.documents()));
            all = Collections.unmodifiableList(built);
            documents = all;
        }
        return all;
    }

    /** Documents by key; with duplicates the first wins (validation reports the duplicate). */
    Map<ResourceKey, SpecDocument> byKey() {
        Map<ResourceKey, SpecDocument> map = byKey;
        if (map == null) {
            Map<ResourceKey, SpecDocument> built = new LinkedHashMap<>();
            files.values().forEach(f -> f.documents().forEach(d -> built.putIfAbsent(d.key(), d)));
            map = Collections.unmodifiableMap(built);
            byKey = map;
        }
        return map;
    }

    /** Load errors of every broken file. */
    List<SpecError> fileErrors() {
        List<SpecError> errors = new ArrayList<>();
        files.values().forEach(f -> errors.addAll(f.errors()));
        return errors;
    }

    /**
     * Every error of this state to report, given the semantic errors of its documents: the load errors, then
     * the semantic errors that are not their consequence (see {@link LoadFailures}). The engine's runs and its
     * previews both report through here, so they show the same errors for the same commit.
     */
    List<SpecError> errors(List<SpecError> semantic) {
        return LoadFailures.report(fileErrors(), semantic).errors();
    }

    /**
     * Load errors of the broken files no version of which ever loaded here: what those files define is
     * unknown, so a resource missing from this state may be one of theirs.
     */
    List<SpecError> unknownFileErrors() {
        List<SpecError> errors = new ArrayList<>();
        files.values().stream().filter(f -> f.broken() && f.documents().isEmpty()).forEach(f -> errors.addAll(f.errors()));
        return errors;
    }
}
