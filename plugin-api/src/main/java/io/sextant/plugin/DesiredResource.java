package io.sextant.plugin;

import tools.jackson.databind.JsonNode;

/**
 * What Git says a resource should be.
 *
 * @param resource the typed spec
 * @param manifest the normalised desired document (see {@code SpecDocument#manifest})
 * @param revision the commit id this desired state comes from
 */
public record DesiredResource(Resource resource, JsonNode manifest, String revision) {

    public ResourceKey key() {
        return resource.key();
    }
}
