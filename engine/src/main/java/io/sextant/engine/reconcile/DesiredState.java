package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The specs of a source at one commit, file by file, and which resources the step from the previous
 * commit touched.
 *
 * @param commit       the commit loaded
 * @param files        every spec file by path
 * @param changedKeys  resources defined (before or after) in files that changed since the previous commit
 * @param full         whether everything was loaded from scratch (first load)
 */
record DesiredState(CommitInfo commit, Map<String, LoadedFile> files, Set<ResourceKey> changedKeys, boolean full) {

    /** Every document, last good version of broken files included. */
    Collection<SpecDocument> documents() {
        List<SpecDocument> all = new ArrayList<>();
        files.values().forEach(f -> all.addAll(f.documents()));
        return all;
    }

    /** Documents by key; with duplicates the first wins (validation reports the duplicate). */
    Map<ResourceKey, SpecDocument> byKey() {
        Map<ResourceKey, SpecDocument> byKey = new LinkedHashMap<>();
        files.values().forEach(f -> f.documents().forEach(d -> byKey.putIfAbsent(d.key(), d)));
        return byKey;
    }

    /** Load errors of every broken file. */
    List<SpecError> fileErrors() {
        List<SpecError> errors = new ArrayList<>();
        files.values().forEach(f -> errors.addAll(f.errors()));
        return errors;
    }
}
