package io.sextant.appliers.kubernetes;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a container finds the model of {@code spec.model.uri}: Hugging Face ids as ids, object-store URIs
 * as they are (the engines read s3:// and gs:// themselves), {@code file://} as a path in the image, and
 * {@code pvc://claim/path} as a read-only volume of that claim mounted under {@link #MOUNT_ROOT}.
 *
 * @param model the model argument the engine gets
 * @param claim the PersistentVolumeClaim to mount, when the model lives on one
 */
record ModelSource(String model, Optional<String> claim) {

    static final String MOUNT_ROOT = "/models";

    /** @throws IllegalArgumentException for a URI scheme no engine can read */
    static ModelSource of(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("hf://")) {
            return new ModelSource(uri.substring("hf://".length()), Optional.empty());
        }
        if (lower.startsWith("s3://") || lower.startsWith("gs://")) {
            return new ModelSource(uri, Optional.empty());
        }
        if (lower.startsWith("file://")) {
            return new ModelSource(uri.substring("file://".length()), Optional.empty());
        }
        if (lower.startsWith("pvc://")) {
            String rest = uri.substring("pvc://".length());
            int slash = rest.indexOf('/');
            String claim = slash < 0 ? rest : rest.substring(0, slash);
            if (claim.isEmpty()) {
                throw new IllegalArgumentException("pvc:// URI names no claim: '" + uri + "'");
            }
            String path = slash < 0 ? "" : rest.substring(slash);
            return new ModelSource(mountPath(claim) + path, Optional.of(claim));
        }
        throw new IllegalArgumentException("unknown model URI scheme in '" + uri
                + "' (expected hf://, s3://, gs://, file:// or pvc://)");
    }

    static String mountPath(String claim) {
        return MOUNT_ROOT + "/" + claim;
    }
}
