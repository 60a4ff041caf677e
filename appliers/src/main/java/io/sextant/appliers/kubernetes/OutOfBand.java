package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns watch events into "this resource changed behind Sextant's back": an update of one of Sextant's
 * objects that changed more than its status and bookkeeping, and that is not the version Sextant's own
 * apply answered with, or its deletion. The engine then checks that one resource for drift at once,
 * instead of at the next periodic scan. A false alarm (an own write whose event beats the apply's
 * answer) costs one cache read and one diff that finds nothing.
 */
final class OutOfBand {

    private static final Logger LOG = LoggerFactory.getLogger(OutOfBand.class);
    /** Fields a controller or the API server changes on its own: never drift. */
    private static final List<String> BOOKKEEPING = List.of("resourceVersion", "managedFields", "generation");

    private final WriteOverlay overlay;
    private final Function<GenericKubernetesResource, ObjectNode> json;
    private final List<Consumer<ResourceKey>> listeners = new CopyOnWriteArrayList<>();

    OutOfBand(WriteOverlay overlay, Function<GenericKubernetesResource, ObjectNode> json) {
        this.overlay = overlay;
        this.json = json;
    }

    void listen(Consumer<ResourceKey> listener) {
        listeners.add(listener);
    }

    ResourceEventHandler<GenericKubernetesResource> handler(KubeKind kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource object) {
                // A relist re-adds what it had not seen; Sextant's creates come here too. Neither is drift
                // of a live resource (a resource Sextant finds missing is the periodic scan's business).
                overlay.seen(kind, object.getMetadata().getName(), version(object), false);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                String name = after.getMetadata().getName();
                long version = version(after);
                boolean own = overlay.isOwnWrite(kind, name, version);
                overlay.seen(kind, name, version, false);
                if (!own && owned(after) && changed(before, after)) {
                    tell(kind, after);
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
                boolean own = overlay.get(kind, object.getMetadata().getName()) != null
                        && overlay.get(kind, object.getMetadata().getName()).isEmpty();
                overlay.seen(kind, object.getMetadata().getName(), version(object), true);
                if (!own && owned(object)) {
                    tell(kind, object);
                }
            }
        };
    }

    private void tell(KubeKind kind, GenericKubernetesResource object) {
        Optional<ResourceKey> key = keyOf(object);
        if (key.isEmpty()) {
            return;
        }
        LOG.debug("{} {} changed out of band: re-checking {}", kind, object.getMetadata().getName(), key.get());
        for (Consumer<ResourceKey> listener : listeners) {
            try {
                listener.accept(key.get());
            } catch (RuntimeException e) {
                // The watch thread must survive a listener's failure; the periodic drift scan still runs.
                LOG.warn("drift listener failed for {}: {}", key.get(), e.toString());
            }
        }
    }

    private static boolean owned(GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && KubeNames.SEXTANT.equals(labels.get(KubeNames.MANAGED_BY));
    }

    private boolean changed(GenericKubernetesResource before, GenericKubernetesResource after) {
        return !comparable(before).equals(comparable(after));
    }

    private ObjectNode comparable(GenericKubernetesResource object) {
        ObjectNode node = json.apply(object).deepCopy();
        node.remove("status");
        if (node.get("metadata") instanceof ObjectNode meta) {
            BOOKKEEPING.forEach(meta::remove);
        }
        return node;
    }

    /** The manifest annotation's identity when the object carries one, else its labels'. */
    private Optional<ResourceKey> keyOf(GenericKubernetesResource object) {
        ObjectNode node = json.apply(object);
        return KubeJson.recordedManifest(node)
                .flatMap(m -> KubeNames.keyOf(KubeJson.labels(node)).map(byLabels -> new ResourceKey(byLabels.kind(),
                        m.path("metadata").path("namespace").asString(byLabels.namespace()),
                        m.path("metadata").path("name").asString(byLabels.name()))))
                .or(() -> KubeNames.keyOf(KubeJson.labels(node)));
    }

    private static long version(GenericKubernetesResource object) {
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }
}
