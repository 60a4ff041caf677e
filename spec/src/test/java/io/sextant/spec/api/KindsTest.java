package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SextantPlugin;
import io.sextant.spec.kinds.BuiltInKinds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of kinds refuses a plugin that cannot work, naming it, and orders kinds by their definitions. */
class KindsTest {

    /** A plugin made of parts, for the refusals. */
    private record Plugin(String name, int apiVersion, List<KindDefinition> kinds, List<KindSupport> kindSupport)
            implements SextantPlugin {}

    @Test
    void theBuiltInKindsAreFoundThroughServiceLoaderInApplyOrder() {
        Kinds kinds = Kinds.discover(KindsTest.class.getClassLoader());

        assertThat(kinds.definitions()).extracting(KindDefinition::kind)
                .containsExactly("ModelDeployment", "LoraAdapter", "InferenceRoute", "SyncWindow");
        assertThat(kinds.expected()).isEqualTo("ModelDeployment, LoraAdapter, InferenceRoute or SyncWindow");
        assertThat(List.of(new ResourceKey(InferenceRoute.KIND, "a", "a"), new ResourceKey(ModelDeployment.KIND, "z", "z"),
                new ResourceKey(LoraAdapter.KIND, "a", "a")).stream().sorted(kinds.applyOrder()).map(ResourceKey::toString))
                .containsExactly("ModelDeployment/z/z", "LoraAdapter/a/a", "InferenceRoute/a/a");
    }

    @Test
    void aKindDefinedTwiceIsRefusedNamingBothPlugins() {
        Plugin copy = new Plugin("copycat", PluginApi.VERSION, new BuiltInKinds().kinds().subList(0, 1), List.of());

        assertThatThrownBy(() -> Kinds.builtIn().with(List.of(copy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin 'copycat': kind 'ModelDeployment' is already defined by plugin 'built-in'");
    }

    @Test
    void aPluginBuiltForAnotherApiVersionIsRefused() {
        Plugin old = new Plugin("old", PluginApi.VERSION + 1, List.of(), List.of());

        assertThatThrownBy(() -> Kinds.builtIn().with(List.of(old)))
                .hasMessage("plugin 'old' was built for plugin API version " + (PluginApi.VERSION + 1)
                        + ", this engine serves version " + PluginApi.VERSION);
    }

    @Test
    void aDependencyOnAKindNothingDefinesIsAnErrorAtItsLine() {
        LoadResult result = new SpecLoader().load("lora.yaml", """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: search}
                spec:
                  deployment: base
                  uri: hf://acme/sql
                  dependsOn: [ModelCache/search/weights]
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(result.errors()).extracting(Object::toString)
                .containsExactly("lora.yaml:7: spec.dependsOn[0]: unknown kind 'ModelCache' in 'ModelCache/search/weights'");
    }
}
