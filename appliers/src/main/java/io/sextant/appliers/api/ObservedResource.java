package io.sextant.appliers.api;

import io.sextant.spec.api.ResourceKey;
import tools.jackson.databind.JsonNode;

/**
 * Live state of a resource as its backend reports it.
 *
 * @param key      which resource
 * @param manifest the live document in the same shape as the desired manifest, so the two can be diffed
 * @param health   runtime health
 * @param message  the backend's own words about the health, or empty
 */
public record ObservedResource(ResourceKey key, JsonNode manifest, Health health, String message) {

    public ObservedResource {
        message = message == null ? "" : message;
    }
}
