package io.sextant.engine.kinds;

import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.Normalizer;
import io.sextant.plugin.SextantPlugin;
import io.sextant.spec.api.Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the engine builds from its one registry of kinds (the {@code Kinds} bean, made where the plugin
 * jars are loaded: {@code plugins.PluginsConfiguration}). Every part of the engine that needs to know
 * about a kind (loading, validation, planning, backends, drift, API, dashboard) gets that bean.
 */
@Configuration(proxyBeanMethods = false)
public class KindsConfiguration {

    /** The kinds of the class path and of {@link SextantPlugin} beans: what plugin jars are checked against. */
    public static Kinds withoutJars(ObjectProvider<SextantPlugin> beans) {
        return onClassPath().with(beans.orderedStream().toList());
    }

    /** The kinds on the engine's own class path (built in), without plugin jars. */
    public static Kinds onClassPath() {
        return Kinds.discover(KindsConfiguration.class.getClassLoader());
    }

    /** Drift detection with every plugin's ignore rules and normalisers. */
    @Bean
    public DriftDetector driftDetector(Kinds kinds) {
        return detector(kinds);
    }

    /** The drift detector of {@code kinds}: their ignore rules, and their normalisers chained per backend type. */
    public static DriftDetector detector(Kinds kinds) {
        Map<String, Normalizer> byType = new LinkedHashMap<>();
        kinds.normalizers().forEach((type, chain) -> byType.put(type, chained(chain)));
        return new DriftDetector(kinds.ignoreRules(), byType);
    }

    private static Normalizer chained(List<Normalizer> chain) {
        return (key, manifest) -> {
            var result = manifest;
            for (Normalizer normalizer : chain) {
                result = normalizer.normalize(key, result);
            }
            return result;
        };
    }
}
