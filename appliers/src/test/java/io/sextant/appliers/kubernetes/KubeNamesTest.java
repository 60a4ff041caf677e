package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import org.junit.jupiter.api.Test;

/** Object names stand for one resource each, are valid Kubernetes names, and never change. */
class KubeNamesTest {

    private static ResourceKey key(String namespace, String name) {
        return new ResourceKey(ModelDeployment.KIND, namespace, name);
    }

    @Test
    void aShortIdentityIsNamespaceDoubleDashName() {
        assertThat(KubeNames.objectName(key("search", "llama-3-8b-chat"))).isEqualTo("search--llama-3-8b-chat");
    }

    @Test
    void identitiesThatJoinToTheSameTextStillGetDistinctNames() {
        assertThat(KubeNames.objectName(key("ml", "prod-llama"))).isEqualTo("ml--prod-llama");
        assertThat(KubeNames.objectName(key("ml-prod", "llama"))).isEqualTo("ml-prod--llama");
        assertThat(KubeNames.objectName(key("a--b", "c"))).isNotEqualTo(KubeNames.objectName(key("a", "b--c")))
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void aLongIdentityIsCutToSixtyThreeCharactersWithAStableHash() {
        String name = "a-very-long-model-deployment-name-that-goes-on-and-on-forever-x";
        String objectName = KubeNames.objectName(key("search", name));

        assertThat(objectName).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .startsWith("search--a-very-long").isEqualTo(KubeNames.objectName(key("search", name)));
        assertThat(KubeNames.objectName(key("search", name + "y"))).isNotEqualTo(objectName);
    }

    @Test
    void aNamespaceStartingWithADigitStillMakesAValidServiceName() {
        assertThat(KubeNames.objectName(key("9team", "llama"))).matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void labelsCarryTheIdentityAndReadBack() {
        ResourceKey key = key("search", "llama");

        assertThat(KubeNames.labels(key)).containsEntry("app.kubernetes.io/managed-by", "sextant")
                .containsEntry("sextant.io/kind", "ModelDeployment").containsEntry("sextant.io/namespace", "search")
                .containsEntry("sextant.io/name", "llama");
        assertThat(KubeNames.keyOf(KubeNames.labels(key))).contains(key);
        assertThat(KubeNames.owns(KubeNames.labels(key), key)).isTrue();
        assertThat(KubeNames.owns(KubeNames.labels(key), key("search", "other"))).isFalse();
    }
}
