package io.sextant.spec.kinds;

import java.util.Objects;

/**
 * A credential named, never held: key {@code key} of secret {@code name}, after Kubernetes'
 * {@code valueFrom.secretKeyRef}. Written {@code {secretRef: {name: hf-token, key: token}}} in a spec. Each
 * backend resolves it its own way: a Kubernetes Secret of that name in the pod's namespace, or the engine's
 * {@code sextant.secrets.<name>} (an environment variable or a file) for backends driven over HTTP. Manifests,
 * diffs and audit events carry the reference, never the value.
 */
public record SecretRef(String name, String key) {

    public SecretRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }

    /** {@code name/key}, the form messages use. */
    @Override
    public String toString() {
        return name + "/" + key;
    }
}
