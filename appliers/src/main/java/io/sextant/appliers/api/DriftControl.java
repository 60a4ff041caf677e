package io.sextant.appliers.api;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.ResourceKey;
import tools.jackson.databind.JsonNode;

/**
 * Changes live state behind the engine's back, as an operator with kubectl would. Only simulated
 * backends implement it; it exists for demos and tests of drift detection.
 */
public interface DriftControl {

    /** Sets the field at a JSON Pointer (such as {@code /spec/replicas}) of a live resource. */
    void setField(ResourceKey key, String pointer, JsonNode value) throws BackendException;

    /** Deletes a live resource out of band. */
    void removeOutOfBand(ResourceKey key) throws BackendException;
}
