package io.sextant.examples.modelcache;

import io.sextant.plugin.KindDefinition;
import java.util.List;

/** The kind {@code ModelCache}: model weights pre-pulled onto a backend's nodes. */
final class ModelCacheKind implements KindDefinition {

    @Override
    public String kind() {
        return "ModelCache";
    }

    @Override
    public List<String> apiVersions() {
        return List.of("sextant.io/v1alpha1");
    }
}
