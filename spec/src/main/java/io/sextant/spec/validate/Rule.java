package io.sextant.spec.validate;

import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;

/** One semantic rule over the whole set of documents; rules run in order and only add errors. */
interface Rule {

    void check(DocumentSet documents, ValidationContext context, List<SpecError> errors);
}
