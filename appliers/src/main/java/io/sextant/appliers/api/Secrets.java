package io.sextant.appliers.api;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.Resource;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The engine's secrets ({@code sextant.secrets.<name>}), for backends driven over HTTP that must hand a
 * credential to the serving process themselves. A value is read when asked for (at apply time), so a rotated
 * secret is picked up by the next apply; it is never part of a manifest, a status, a log line or an audit
 * event. Kubernetes never asks: its pods name the cluster's own Secrets.
 */
@FunctionalInterface
public interface Secrets {

    /** An engine with no {@code sextant.secrets}: every reference is missing. */
    Secrets NONE = ref -> {
        throw missing(ref, "no sextant.secrets." + ref.name() + " is configured");
    };

    /**
     * The value of {@code ref}.
     *
     * @throws BackendException permanent, naming the secret and key (never a value), when it cannot be read
     */
    String value(SecretRef ref) throws BackendException;

    /** The error of a secret that cannot be read: names it and says where the engine looks, never a value. */
    static BackendException missing(SecretRef ref, String why) {
        return BackendException.permanent("secret '" + ref.name() + "' (key '" + ref.key() + "') cannot be resolved: "
                + why + "; configure sextant.secrets." + ref.name() + ".env or .file on the engine", null);
    }

    /**
     * The environment variables a resource's secret references become, by variable name: {@code spec.runtime.env}
     * references and, for a model's credentials, {@code HF_TOKEN}. Empty for a resource without any.
     */
    static TreeMap<String, SecretRef> environment(Resource resource) {
        TreeMap<String, SecretRef> env = new TreeMap<>();
        // Leniently: a resource built in code (a test, a plugin) may leave runtime or model out.
        if (resource instanceof ModelDeployment deployment && deployment.spec() != null) {
            if (deployment.spec().runtime() != null) {
                env.putAll(deployment.spec().runtime().secretEnv());
            }
            if (deployment.spec().model() != null && deployment.spec().model().credentials() != null) {
                env.put("HF_TOKEN", deployment.spec().model().credentials());
            }
        } else if (resource instanceof LoraAdapter adapter && adapter.spec() != null && adapter.spec().credentials() != null) {
            env.put("HF_TOKEN", adapter.spec().credentials());
        }
        return env;
    }

    /** Checks that every secret {@code resource} names can be read; the first that cannot is the error. */
    default void requireAll(Resource resource) throws BackendException {
        List<SecretRef> refs = new ArrayList<>(environment(resource).values());
        for (SecretRef ref : refs) {
            value(ref);
        }
    }
}
