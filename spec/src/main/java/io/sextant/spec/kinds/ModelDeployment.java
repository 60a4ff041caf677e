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

    /** {@code servedName} defaults to the resource name. */
    public record Model(String uri, String revision, String servedName) {}

    public record Runtime(String engine, String image, Map<String, Object> args, Map<String, String> env) {
        public Runtime {
            args = args == null ? Map.of() : Map.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    public record Resources(Gpu gpu) {}

    /** GPUs per replica. */
    public record Gpu(String type, int count) {}

    public record Autoscaling(int minReplicas, int maxReplicas, Integer targetConcurrency) {}
}
