package io.sextant.spec.policy;

import java.util.List;

/**
 * {@code models}: where a namespace's models may come from, and whether their revisions must be immutable.
 *
 * @param allowedUris           URI prefixes, in matched form ({@link ModelUris#prefix}); empty: any
 * @param requirePinnedRevision whether a model's revision must be an immutable id ({@link ModelUris#unpinned})
 */
public record ModelRules(List<String> allowedUris, boolean requirePinnedRevision) {

    /** @throws IllegalArgumentException naming the bad prefix */
    public ModelRules {
        allowedUris = allowedUris == null ? List.of() : allowedUris.stream().map(ModelUris::prefix).distinct().toList();
    }
}
