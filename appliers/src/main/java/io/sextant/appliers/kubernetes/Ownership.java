package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.ManagedObjects;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which Sextant installation and source made an object, and every object this installation manages.
 *
 * <p>Both are annotations on the top-level object only: a label on the pod template would change every pod
 * and so restart every model on upgrade. An object made before these annotations existed has none; it counts
 * as the default installation's ({@value #DEFAULT_INSTANCE}), so a single installation keeps its objects.
 */
final class Ownership implements ManagedObjects {

    /** The Sextant installation that applied the object (the backend's {@code instance} setting). */
    static final String ENGINE = "sextant.io/engine";
    /** The Sextant source whose spec the object was applied from. */
    static final String SOURCE = "sextant.io/source";
    static final String DEFAULT_INSTANCE = "sextant";

    private final KubeApi api;
    private final KubeSettings settings;

    Ownership(KubeApi api, KubeSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    /** {@code object} with this installation and {@code source} (when known) recorded on it. */
    ObjectNode mark(ObjectNode object, String source) {
        ObjectNode copy = object.deepCopy();
        JsonNode annotations = copy.path("metadata").path("annotations");
        ObjectNode into = annotations instanceof ObjectNode existing ? existing
                : ((ObjectNode) copy.get("metadata")).putObject("annotations");
        into.put(ENGINE, settings.instance());
        if (source != null) {
            into.put(SOURCE, source);
        }
        return copy;
    }

    @Override
    public List<ManagedObject> listManaged() throws BackendException {
        List<ManagedObject> all = new ArrayList<>();
        for (KubeKind kind : KubeObserver.kindsOf(ModelDeployment.KIND, settings.flavor())) {
            collect(kind, ModelDeployment.KIND, all);
        }
        collect(KubeKind.HTTP_ROUTE, InferenceRoute.KIND, all);
        return List.copyOf(all);
    }

    private void collect(KubeKind kind, Kind resourceKind, List<ManagedObject> into) throws BackendException {
        for (ObjectNode object : api.list(kind, KubeNames.kindLabels(resourceKind))) {
            JsonNode annotations = object.path("metadata").path("annotations");
            if (!settings.instance().equals(annotations.path(ENGINE).asString(DEFAULT_INSTANCE))) {
                continue; // another installation sharing the namespace: never ours to report or prune
            }
            Optional<ResourceKey> key = KubeObserver.keyOf(object, resourceKind);
            if (key.isEmpty() || !KubeNames.objectName(key.get()).equals(KubeJson.name(object))) {
                // The kind label without an identity, or under a name Sextant never gives that resource's objects:
                // made by hand. Deleting the resource would not remove it, so it is not Sextant's to report.
                continue;
            }
            String source = annotations.path(SOURCE).asString("");
            into.add(new ManagedObject(kind.apiVersion(), kind.kind(), api.namespace(), KubeJson.name(object), key.get(),
                    source.isEmpty() ? null : source));
        }
    }
}
