package io.sextant.spec.api;

import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports the errors of a commit some of whose files fail to load once, at their cause.
 *
 * <p>While a file fails to load, what it defines is unknown: a reference that nothing resolves (an
 * adapter's deployment, a route's target, a {@code dependsOn}) may well point into that file, so it is
 * not the referrer's error but a consequence of the broken file, and saying "not found" would send the
 * user to the wrong file. Such references are checked again as soon as every file loads. The offline
 * {@code validate} and the engine report through here, so both print the same errors for the same tree.
 */
public final class LoadFailures {

    /**
     * @param errors    what to report: the load errors, then the semantic errors that are not their consequence
     * @param unchecked references that resolve to nothing and wait for the files that fail to load
     */
    public record Report(List<SpecError> errors, List<SpecError> unchecked) {

        public Report {
            errors = List.copyOf(errors);
            unchecked = List.copyOf(unchecked);
        }
    }

    private LoadFailures() {
    }

    /**
     * @param loadErrors errors of the files that fail to load (empty when every file loaded)
     * @param semantic   the semantic errors of the documents that did load
     */
    public static Report report(List<SpecError> loadErrors, List<SpecError> semantic) {
        List<SpecError> errors = new ArrayList<>(loadErrors);
        List<SpecError> unchecked = new ArrayList<>();
        for (SpecError error : semantic) {
            if (error.unresolved() != null && !loadErrors.isEmpty()) {
                unchecked.add(error);
            } else {
                errors.add(error);
            }
        }
        return new Report(errors, unchecked);
    }
}
