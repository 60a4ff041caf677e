package io.sextant.engine.reconcile;

import io.sextant.plugin.DesiredResource;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * One change a plan makes.
 *
 * @param action    create, update or delete
 * @param key       the resource
 * @param backend   the backend it lives on
 * @param desired   what to apply; null for a delete
 * @param diff      field changes from live to desired
 * @param dependsOn resources of this plan that must succeed first
 * @param drift     whether live state diverged while Git did not change (recorded as drift, healed only
 *                  with self-heal or a manual sync)
 */
public record PlanStep(Action action, ResourceKey key, String backend, DesiredResource desired,
                       List<FieldChange> diff, List<ResourceKey> dependsOn, boolean drift) {

    /** A step caused by a change in Git. */
    public PlanStep(Action action, ResourceKey key, String backend, DesiredResource desired,
                    List<FieldChange> diff, List<ResourceKey> dependsOn) {
        this(action, key, backend, desired, diff, dependsOn, false);
    }

    public PlanStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        diff = List.copyOf(diff);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        if ((action == Action.DELETE) != (desired == null)) {
            throw new IllegalArgumentException("a delete has no desired state and every other step has one: " + key);
        }
    }

    /**
     * Identifies one live divergence: a drift is recorded as {@code drift-detected} once while the same
     * divergence lasts, and its explanation stays on the resource's status until it is healed.
     */
    static String driftFingerprint(Action action, List<FieldChange> diff) {
        return Sha256.of(action.apiName(), DiffJson.of(diff).toString());
    }
}
