package io.sextant.spec.kinds;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Rollout;
import java.util.List;
import java.util.Map;

/** A model served on GPUs by one backend. */
public record ModelDeployment(Metadata metadata, Spec spec) implements Resource {

    /** The kind, defined by {@code io.sextant.spec.kinds.BuiltInKinds}. */
    public static final Kind KIND = Kind.of("ModelDeployment");

    @Override
    public Kind kind() {
        return KIND;
    }

    /**
     * {@code replicas} and {@code autoscaling} are exclusive; validation reports both or neither. {@code rollout}
     * is null when changes apply at once.
     */
    public record Spec(String backend, Model model, Runtime runtime, Resources resources,
                       Integer replicas, Autoscaling autoscaling, List<ResourceKey> dependsOn, Rollout rollout) {
        public Spec {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }

        /** A deployment whose changes apply at once (no {@code rollout}). */
        public Spec(String backend, Model model, Runtime runtime, Resources resources, Integer replicas,
                    Autoscaling autoscaling, List<ResourceKey> dependsOn) {
            this(backend, model, runtime, resources, replicas, autoscaling, dependsOn, null);
        }

        /** The replica count the backend should run (the autoscaler's minimum when autoscaled). */
        public int effectiveReplicas() {
            if (replicas != null) {
                return replicas;
            }
            return autoscaling == null ? 1 : autoscaling.minReplicas();
        }
    }

    /**
     * {@code servedName} defaults to the resource name. {@code credentials} (null when the model is public) is the
     * model store's token: {@code HF_TOKEN} for {@code hf://}; S3 keys are named in {@link Runtime#secretEnv}.
     */
    public record Model(String uri, String revision, String servedName, SecretRef credentials) {

        /** A model read without credentials. */
        public Model(String uri, String revision, String servedName) {
            this(uri, revision, servedName, null);
        }
    }

    /**
     * {@code env} holds the literal variables and {@code secretEnv} those whose value is a secret reference
     * (written under the same {@code spec.runtime.env}, as {@code {secretRef: {name, key}}}); a name is in one.
     */
    public record Runtime(String engine, String image, Map<String, Object> args, Map<String, String> env,
                          Map<String, SecretRef> secretEnv) {
        public Runtime {
            args = args == null ? Map.of() : Map.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
            secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
            for (String name : secretEnv.keySet()) {
                if (env.containsKey(name)) {
                    throw new IllegalArgumentException("env " + name + " is both a value and a secretRef");
                }
            }
        }

        /** A runtime without secret variables. */
        public Runtime(String engine, String image, Map<String, Object> args, Map<String, String> env) {
            this(engine, image, args, env, null);
        }
    }

    public record Resources(Gpu gpu) {}

    /** GPUs per replica. */
    public record Gpu(String type, int count) {}

    public record Autoscaling(int minReplicas, int maxReplicas, Integer targetConcurrency) {}
}
