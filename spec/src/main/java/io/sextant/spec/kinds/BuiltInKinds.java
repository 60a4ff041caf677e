package io.sextant.spec.kinds;

import io.sextant.plugin.IgnoreRule;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.SextantPlugin;
import java.util.List;

/**
 * The kinds Sextant ships with, contributed through the same SPI as a plugin's (and listed in
 * {@code META-INF/services/io.sextant.plugin.SextantPlugin}), so core has no second path for them.
 */
public final class BuiltInKinds implements SextantPlugin {

    /** The apiVersion the built-in kinds serve and store. */
    public static final String V1 = "sextant.io/v1";

    /** The older ModelDeployment version, converted to {@link #V1} and deprecated. */
    public static final String V1BETA1 = "sextant.io/v1beta1";

    @Override
    public String name() {
        return "built-in";
    }

    @Override
    public int apiVersion() {
        return PluginApi.VERSION;
    }

    @Override
    public List<KindDefinition> kinds() {
        return List.of(new ModelDeploymentKind(), new LoraAdapterKind(), new InferenceRouteKind(), new SyncWindowKind());
    }

    /**
     * The autoscaler owns the replica count of an autoscaled deployment, so a live count that differs from
     * the one in Git is not drift. A route's selectors as written are shown, not applied: what they resolve to
     * is its {@code /spec/targets}, which is compared.
     */
    @Override
    public List<IgnoreRule> ignoreRules() {
        return List.of(new IgnoreRule(ModelDeployment.KIND, null, "/spec/replicas", "/spec/autoscaling"),
                new IgnoreRule(InferenceRoute.KIND, null, "/spec/selectors"));
    }
}
