package io.sextant.engine.reconcile;

import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Governed;
import io.sextant.plugin.ObservedResource;
import io.sextant.spec.api.Kinds;
import tools.jackson.databind.JsonNode;

/**
 * The model revision a change deployed, for its audit event: what the backend reports it serves
 * ({@link ObservedResource#MODEL_REVISION}: vLLM's snapshot, KServe's live arguments or storage URI, Ray's
 * engine kwargs; the full commit id where the spec may pin a short one), else what the observed manifest
 * holds at the revision field its kind declares ({@link io.sextant.plugin.KindDefinition#governed}; the sim
 * echoes what it placed), else the revision the spec pinned. Null for a resource that names no revision.
 */
final class ModelRevisions {

    private ModelRevisions() {
    }

    static String deployed(Kinds kinds, DesiredResource desired, ObservedResource observed) {
        for (Governed use : kinds.definition(desired.key().kind()).governed(desired.resource())) {
            if (use instanceof Governed.Model model && model.revisionField() != null) {
                String pointer = "/" + model.revisionField().replace('.', '/');
                String live = observed == null ? null : text(observed.manifest(), ObservedResource.MODEL_REVISION);
                if (live == null && observed != null) {
                    live = text(observed.manifest(), pointer);
                }
                return live != null ? live : model.revision() == null || model.revision().isEmpty() ? null : model.revision();
            }
        }
        return null;
    }

    private static String text(JsonNode manifest, String pointer) {
        if (manifest == null) {
            return null;
        }
        JsonNode node = manifest.at(pointer);
        return node.isString() && !node.asString().isEmpty() ? node.asString() : null;
    }
}
