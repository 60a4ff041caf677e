package io.sextant.spec.validate;

import io.sextant.plugin.KindRule;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.RuleContext;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.ValidationContext;
import java.util.List;
import java.util.Optional;

/**
 * The rules each kind's definition brings ({@link io.sextant.plugin.KindDefinition#rules}), run over the
 * documents of that kind; a rule sees the commit's resources and reports at its resource's fields.
 */
final class KindRules implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (SpecDocument document : documents.unique()) {
            List<KindRule> rules = documents.kinds().definition(document.key().kind()).rules();
            if (rules.isEmpty()) {
                continue;
            }
            RuleContext seen = new Context(documents, document, errors);
            rules.forEach(rule -> rule.check(document.resource(), seen));
        }
    }

    private record Context(DocumentSet documents, SpecDocument document, List<SpecError> errors) implements RuleContext {

        @Override
        public Optional<Resource> find(ResourceKey key) {
            SpecDocument found = documents.get(key);
            return found == null ? Optional.empty() : Optional.of(found.resource());
        }

        @Override
        public Optional<String> backendOf(ResourceKey key) {
            return find(key).map(resource -> documents.kinds().backendOf(resource, k -> find(k).orElse(null)));
        }

        @Override
        public void error(String field, String message) {
            errors.add(document.error(field, message));
        }
    }
}
