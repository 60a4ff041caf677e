package io.sextant.plugin;

import tools.jackson.databind.JsonNode;

/**
 * Rewrites a manifest (desired or live) into the form compared, removing fields a backend defaults or
 * owns, so they are never reported as changes. Must not modify its argument.
 */
@FunctionalInterface
public interface Normalizer {

    JsonNode normalize(ResourceKey key, JsonNode manifest);
}
