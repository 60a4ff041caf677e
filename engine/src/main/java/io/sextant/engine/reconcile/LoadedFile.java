package io.sextant.engine.reconcile;

import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.util.List;

/**
 * A spec file as the engine holds it: the documents of its last version that loaded, and the errors
 * of its current version. A broken file keeps its last good documents, so it never deletes anything.
 *
 * @param blobId    the current blob id
 * @param documents the documents of the last good version (empty if it never loaded)
 * @param errors    errors of the current version (empty when it loaded)
 */
record LoadedFile(String blobId, List<SpecDocument> documents, List<SpecError> errors) {

    LoadedFile {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
    }

    boolean broken() {
        return !errors.isEmpty();
    }
}
