package io.sextant.engine.reconcile;

import io.sextant.spec.api.DocumentCheck;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.spec.api.Kinds;
import io.sextant.plugin.Unsupported;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;

/**
 * Asks each resource's backend whether it can serve the spec (its kind at all, then the spec's fields); a
 * spec a backend cannot serve is a validation error that says why, at the line of the field responsible.
 */
final class BackendSupport implements DocumentCheck {

    private final Kinds kinds;
    private final BackendRegistry backends;

    BackendSupport(Kinds kinds, BackendRegistry backends) {
        this.kinds = kinds;
        this.backends = backends;
    }

    @Override
    public List<SpecError> check(SpecDocument doc, Function<ResourceKey, SpecDocument> resources) {
        String backend = Backends.of(kinds, doc.resource(), resources);
        Optional<Applier> applier = backend == null ? Optional.empty() : backends.find(backend);
        if (applier.isEmpty()) {
            return List.of(); // unknown backends are reported by the spec validator
        }
        List<SpecError> errors = new ArrayList<>();
        for (Unsupported problem : Appliers.check(applier.get(), doc.resource())) {
            errors.add(doc.error(problem.field(), problem.message()));
        }
        return errors;
    }
}
