package io.sextant.spec.api;

import io.sextant.plugin.SpecError;
import java.util.List;

/**
 * What one file yielded: its resource documents and its errors, and warnings that refuse nothing (a
 * document written in a deprecated apiVersion, at that line). A file with errors yields no documents.
 */
public record LoadResult(String file, List<SpecDocument> documents, List<SpecError> errors, List<SpecError> warnings) {

    public LoadResult {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A result without warnings. */
    public LoadResult(String file, List<SpecDocument> documents, List<SpecError> errors) {
        this(file, documents, errors, List.of());
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
