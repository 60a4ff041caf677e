package io.sextant.examples.modelcache;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.SextantPlugin;
import java.util.List;

/**
 * The plugin: one kind, {@code ModelCache}, served by the {@code sim} backend. Listed in
 * {@code META-INF/services/io.sextant.plugin.SextantPlugin}, which is how the engine finds it.
 */
public final class ModelCachePlugin implements SextantPlugin {

    @Override
    public String name() {
        return "model-cache";
    }

    @Override
    public int apiVersion() {
        return PluginApi.VERSION;
    }

    @Override
    public List<KindDefinition> kinds() {
        return List.of(new ModelCacheKind());
    }

    @Override
    public List<KindSupport> kindSupport() {
        return List.of(new ModelCacheOnSim());
    }
}
