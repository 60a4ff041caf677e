package io.sextant.spec.kinds;

import io.sextant.plugin.Kind;
import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.util.ArrayList;
import java.util.List;

/** A public model alias spread by weight over ModelDeployments of one backend. */
public record InferenceRoute(Metadata metadata, Spec spec) implements Resource {

    /** The kind, defined by {@code io.sextant.spec.kinds.BuiltInKinds}. */
    public static final Kind KIND = Kind.of("InferenceRoute");

    @Override
    public Kind kind() {
        return KIND;
    }

    public record Spec(String modelName, List<Target> targets) {
        public Spec {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        /**
         * The deployments traffic goes to: named targets as written, each selector's weight spread over what
         * it selected (in name order, {@code weight / n} each and one more for the first {@code weight % n},
         * so the shares stay whole percents summing to the target's weight). Empty for an unresolved selector.
         */
        public List<Target> resolvedTargets() {
            List<Target> resolved = new ArrayList<>();
            for (Target target : targets) {
                if (target.selector() == null) {
                    resolved.add(target);
                    continue;
                }
                int n = target.selected().size();
                for (int i = 0; i < n; i++) {
                    int share = target.weight() / n + (i < target.weight() % n ? 1 : 0);
                    resolved.add(new Target(target.selected().get(i), share));
                }
            }
            return resolved;
        }
    }

    /**
     * One target: a deployment by name, or the deployments a label selector matches.
     *
     * @param deployment a ModelDeployment's name, or null for a selector target
     * @param selector   the labels selecting deployments of the route's namespace, or null for a named target
     * @param weight     percent of the route's traffic, spread over the selected deployments
     * @param selected   the names the selector matched in this commit, sorted; empty until resolved
     */
    public record Target(String deployment, LabelSelector selector, int weight, List<String> selected) {
        public Target {
            if ((deployment == null) == (selector == null)) {
                throw new IllegalArgumentException("a target has either a deployment or a selector");
            }
            selected = selected == null ? List.of() : List.copyOf(selected);
        }

        /** A target naming one deployment. */
        public Target(String deployment, int weight) {
            this(deployment, null, weight, List.of());
        }
    }
}
