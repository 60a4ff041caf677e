package io.sextant.engine.reconcile;

import tools.jackson.databind.JsonNode;

/**
 * The digest of a desired manifest, stored as a resource's applied digest once the manifest is live: a
 * drift heal may re-apply only the manifest that digest names, whatever a replica holds in memory.
 */
final class ManifestDigest {

    private ManifestDigest() {
    }

    static String of(JsonNode manifest) {
        return manifest == null ? null : Sha256.of(manifest.toString());
    }
}
