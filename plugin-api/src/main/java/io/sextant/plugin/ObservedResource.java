package io.sextant.plugin;

import tools.jackson.databind.JsonNode;

/**
 * Live state of a resource as its backend reports it.
 *
 * @param key      which resource
 * @param manifest the live document in the same shape as the desired manifest, so the two can be diffed; a
 *                 backend that makes a resource of several objects may add {@value #OBJECTS}
 * @param health   runtime health
 * @param message  the backend's own words about the health, or empty
 */
public record ObservedResource(ResourceKey key, JsonNode manifest, Health health, String message) {

    /**
     * The top-level manifest field listing the backend objects of the resource that are not as the applier
     * made them, as {@code {kind: {object name: state}}} with states such as {@code Missing} or
     * {@code Modified: <what differs>}; absent when every object is as applied. The drift detector reports
     * each entry as a change of {@code /objects/<kind>/<name>}, so re-applying the resource restores it.
     */
    public static final String OBJECTS = "objects";

    /**
     * Where a backend that knows it reports the model revision it actually serves (a JSON pointer into the
     * manifest), such as the full Hugging Face commit id of the snapshot a server loaded. Observed only: it
     * sits under {@code status}, which drift detection never compares, so a spec pinning a short id
     * ({@code 0e9e39f}) is not reported as drifting from the full id the backend reports. The audit event
     * of a change records it as the revision deployed.
     */
    public static final String MODEL_REVISION = "/status/modelRevision";

    public ObservedResource {
        message = message == null ? "" : message;
    }
}
