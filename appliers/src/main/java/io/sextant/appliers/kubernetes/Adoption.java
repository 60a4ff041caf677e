package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.Adoptions;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Taking over an object that already has the name Sextant gives a resource's object (made by hand, by Helm,
 * by a script before Sextant managed it): it is applied over by server-side apply, so its uid, pods and
 * history stay, ownership of the fields Sextant declares moves to Sextant, and the fields only others set stay
 * theirs. Never delete and recreate: that would take a serving model down.
 *
 * <p>Refused, with the reason, when the object carries Sextant's management label for another resource (another
 * Sextant engine or source owns it: taking it would start a fight between two controllers), or when it is a
 * Deployment whose pod selector differs from Sextant's, since Kubernetes keeps a selector immutable.
 */
final class Adoption implements Adoptions {

    private static final int MAX_DIFFERENCES = 5;

    private final String backend;
    private final Map<ResourceKey, List<Adopted>> adopted = new ConcurrentHashMap<>();

    Adoption(String backend) {
        this.backend = backend;
    }

    /** Checks that {@code live} may be taken over for {@code key} and notes what applying {@code desired} changes on it. */
    void adopt(ResourceKey key, KubeKind kind, String namespace, ObjectNode live, ObjectNode desired)
            throws BackendException {
        String object = kind + " " + namespace + "/" + KubeJson.name(live);
        Map<String, String> labels = KubeJson.labels(live);
        if (KubeNames.SEXTANT.equals(labels.get(KubeNames.MANAGED_BY))) {
            throw BackendException.permanent("backend '" + backend + "': " + object + " exists and is managed by Sextant "
                    + "for " + KubeNames.keyOf(labels).map(ResourceKey::toString).orElse("another resource")
                    + ", not for " + key + "; rename the resource or remove that object", null);
        }
        JsonNode selector = live.path("spec").path("selector");
        JsonNode wanted = desired.path("spec").path("selector");
        if (kind == KubeKind.DEPLOYMENT && !selector.isMissingNode() && !selector.equals(wanted)) {
            throw BackendException.permanent("backend '" + backend + "': " + object + " exists with the pod selector "
                    + selector + ", and a Deployment's selector cannot change; to let Sextant adopt it, give it "
                    + "the selector " + wanted + " (or remove it)", null);
        }
        // The spec only: Sextant's labels and annotations are new on every adopted object, so they say nothing.
        List<String> differences = JsonSubset.differences(live.path("spec"), desired.path("spec"), MAX_DIFFERENCES)
                .stream().map(difference -> "/spec" + difference).toList();
        String uid = live.path("metadata").path("uid").asString("");
        adopted.computeIfAbsent(key, k -> new ArrayList<>()).add(new Adopted(kind.kind(), KubeJson.name(live), uid,
                differences));
    }

    @Override
    public List<Adopted> takeAdopted(ResourceKey key) {
        List<Adopted> objects = adopted.remove(key);
        return objects == null ? List.of() : List.copyOf(objects);
    }
}
