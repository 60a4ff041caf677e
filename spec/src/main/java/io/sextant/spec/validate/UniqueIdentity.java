package io.sextant.spec.validate;

import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;

/** (kind, namespace, name) is defined once across all files; a second definition names both places. */
final class UniqueIdentity implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (SpecDocument document : documents.all()) {
            ResourceKey key = document.key();
            SpecDocument first = documents.get(key);
            if (first != document) {
                errors.add(document.error("metadata.name", "duplicate " + key + ": also defined at "
                        + first.file() + ":" + first.lineOf("metadata.name")));
            }
        }
    }
}
