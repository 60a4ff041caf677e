package io.sextant.plugin;

import java.util.Optional;

/** What a {@link KindRule} sees of the commit, and where it reports. */
public interface RuleContext {

    /** The resource of {@code key} in the same commit, if any. */
    Optional<Resource> find(ResourceKey key);

    /** The backend {@code key} lives on (its own, or inherited through references), if known. */
    Optional<String> backendOf(ResourceKey key);

    /** An error about {@code field} (dotted path, such as {@code spec.replicas}) of the checked resource. */
    void error(String field, String message);
}
