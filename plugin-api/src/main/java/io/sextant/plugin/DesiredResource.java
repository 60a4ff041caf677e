package io.sextant.plugin;

import tools.jackson.databind.JsonNode;

/**
 * What Git says a resource should be.
 *
 * @param resource the typed spec
 * @param manifest the normalised desired document (see {@code SpecDocument#manifest})
 * @param revision the commit id this desired state comes from
 * @param source   the engine source (configured Git repository) it comes from, or null when not known; a
 *                 backend may record it on what it makes, so orphans can be traced to their source
 */
public record DesiredResource(Resource resource, JsonNode manifest, String revision, String source) {

    /** Desired state with no source recorded (the form plugins built before sources were passed on). */
    public DesiredResource(Resource resource, JsonNode manifest, String revision) {
        this(resource, manifest, revision, null);
    }

    public ResourceKey key() {
        return resource.key();
    }
}
