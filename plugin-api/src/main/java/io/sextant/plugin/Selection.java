package io.sextant.plugin;

import java.util.Objects;

/**
 * Resources one resource selects by label rather than by name: those of {@code kind} in the selecting
 * resource's namespace whose {@code metadata.labels} match {@code selector}. The engine resolves every
 * selection against the commit and hands the matches to {@link KindDefinition#resolve}; when a
 * selected resource's labels change, the selecting resource is resolved and validated again.
 *
 * @param field    dotted path of the selector, such as {@code spec.targets[0].selector}, for errors
 * @param kind     the kind selected
 * @param selector the labels to match
 */
public record Selection(String field, Kind kind, LabelSelector selector) {

    public Selection {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(selector, "selector");
    }
}
