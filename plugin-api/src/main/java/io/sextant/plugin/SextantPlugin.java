package io.sextant.plugin;

import java.util.List;
import java.util.Map;

/**
 * What one plugin adds to Sextant, found through {@link java.util.ServiceLoader} (a jar lists its
 * implementation in {@code META-INF/services/io.sextant.plugin.SextantPlugin}). The built-in kinds are
 * contributed through this same interface, so a plugin kind is no second-class citizen.
 */
public interface SextantPlugin {

    /** A short name for messages, such as {@code model-cache}. */
    String name();

    /** The {@link PluginApi#VERSION} this plugin was compiled against. */
    int apiVersion();

    /** The kinds this plugin defines. */
    default List<KindDefinition> kinds() {
        return List.of();
    }

    /** How backend types serve kinds, this plugin's own or others'. */
    default List<KindSupport> kindSupport() {
        return List.of();
    }

    /**
     * Drift normalisers by backend type ({@code kubernetes}, ...), applied to desired and live manifests
     * before they are compared; several for one type run in plugin order.
     */
    default Map<String, Normalizer> normalizers() {
        return Map.of();
    }

    /** Fields drift detection leaves out, such as a field a backend's controller owns. */
    default List<IgnoreRule> ignoreRules() {
        return List.of();
    }
}
