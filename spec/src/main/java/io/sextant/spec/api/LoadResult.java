package io.sextant.spec.api;

import io.sextant.plugin.SpecError;
import java.util.List;

/** What one file yielded: its resource documents and its errors. A file with errors yields no documents. */
public record LoadResult(String file, List<SpecDocument> documents, List<SpecError> errors) {

    public LoadResult {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
