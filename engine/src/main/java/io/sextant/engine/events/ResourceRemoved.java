package io.sextant.engine.events;

import io.sextant.plugin.ResourceKey;

/** The engine no longer manages a resource (it was deleted, or found gone after leaving Git). */
public record ResourceRemoved(ResourceKey key, String source) {}
