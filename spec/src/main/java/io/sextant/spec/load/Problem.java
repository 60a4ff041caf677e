package io.sextant.spec.load;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;

/** A problem found while loading one document, before the file name and resource key are known. */
record Problem(int line, String field, String message) {

    SpecError toError(String file, ResourceKey resource) {
        return new SpecError(file, line, field, message, resource);
    }
}
