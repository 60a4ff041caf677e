package io.sextant.plugin;

import java.util.Objects;

/**
 * Something a resource uses that a namespace's allow-lists govern ({@code sextant.policy}): the model it
 * loads, the container image it runs, the GPUs it asks for per replica, a runtime argument it passes. A kind
 * lists these through {@link KindDefinition#governed}, so policy applies to plugin kinds exactly as to the
 * built-in ones without the engine knowing any kind's fields. Each names the field an error points at.
 */
public sealed interface Governed permits Governed.Model, Governed.Image, Governed.Gpus, Governed.RuntimeArg {

    /**
     * A model (or adapter) the resource loads.
     *
     * @param uriField      the field holding the URI, such as {@code spec.model.uri}
     * @param uri           the URI as written
     * @param revisionField the field holding its revision, or null when the kind has none (then a policy
     *                      requiring pinned revisions does not apply to it: it cannot say which revision)
     * @param revision      the revision as written, or null when not given
     */
    record Model(String uriField, String uri, String revisionField, String revision) implements Governed {
        public Model {
            Objects.requireNonNull(uriField, "uriField");
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A container image the resource runs, as written ({@code host[:port]/path[:tag][@digest]}). */
    record Image(String field, String image) implements Governed {
        public Image {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(image, "image");
        }
    }

    /** GPUs of one type per replica. */
    record Gpus(String typeField, String type, String countField, int perReplica) implements Governed {
        public Gpus {
            Objects.requireNonNull(typeField, "typeField");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(countField, "countField");
        }
    }

    /** A command-line argument passed to the serving runtime, by name as written. */
    record RuntimeArg(String field, String name) implements Governed {
        public RuntimeArg {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(name, "name");
        }
    }
}
