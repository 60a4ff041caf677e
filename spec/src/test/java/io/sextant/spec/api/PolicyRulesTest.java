package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import io.sextant.spec.kinds.ModelDeployment;

import io.sextant.plugin.SpecError;
import static io.sextant.spec.api.Specs.deployment;
import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyRulesTest {

    private static final Set<String> BACKENDS = Set.of("sim-local", "prod-k8s", "ray-prod");

    private static ValidationContext withPolicy(Map<String, ValidationContext.NamespacePolicy> namespaces) {
        return new ValidationContext(BACKENDS, namespaces);
    }

    private static ValidationContext.NamespacePolicy policy(Set<String> backends, Map<String, Integer> quota) {
        return new ValidationContext.NamespacePolicy(backends, quota);
    }

    static Stream<Arguments> backends() {
        Map<String, ValidationContext.NamespacePolicy> searchOnSim = Map.of("search", policy(Set.of("sim-local"), Map.of()));
        return Stream.of(
                Arguments.of(ValidationContext.offline(), "anything", List.of()),
                Arguments.of(withPolicy(Map.of()), "sim-local", List.of()),
                Arguments.of(withPolicy(Map.of()), "sim-remote",
                        List.of("m.yaml:7: spec.backend: unknown backend 'sim-remote' (configured: prod-k8s, ray-prod, sim-local)")),
                Arguments.of(withPolicy(searchOnSim), "sim-local", List.of()),
                Arguments.of(withPolicy(searchOnSim), "prod-k8s",
                        List.of("m.yaml:7: spec.backend: namespace 'search' may not use backend 'prod-k8s' (allowed: sim-local) [policy backends]")),
                Arguments.of(withPolicy(Map.of("search", policy(Set.of(), Map.of()))), "ray-prod", List.of()),
                Arguments.of(withPolicy(Map.of("ranking", policy(Set.of(), Map.of()))), "sim-local",
                        List.of("m.yaml:7: spec.backend: namespace 'search' has no policy, so it may not use any backend [policy namespaces]")),
                Arguments.of(new ValidationContext(null, searchOnSim), "prod-k8s",
                        List.of("m.yaml:7: spec.backend: namespace 'search' may not use backend 'prod-k8s' (allowed: sim-local) [policy backends]")));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void requiresAConfiguredBackendThatTheNamespacePolicyAllows(ValidationContext context, String backend,
                                                                List<String> expected) {
        List<SpecError> errors = new SpecValidator(context).validate(documents("m.yaml", deployment("llama", backend)));

        assertThat(messages(errors)).containsExactlyElementsOf(expected);
        assertThat(errors).allSatisfy(error -> assertThat(error.resource()).hasToString("ModelDeployment/search/llama"));
    }

    static Stream<Arguments> quotas() {
        // replicas and GPUs of a, then of b, the namespace quota, and what the user sees.
        return Stream.of(
                Arguments.of(2, 4, 4, 2, 16, List.of()),
                Arguments.of(2, 4, 4, 1, 12, List.of()),
                Arguments.of(2, 4, 4, 2, 15, List.of(
                        "a.yaml:15: spec.resources.gpu.count: namespace 'search' would hold 16 H100-80GB GPUs, over its quota of 15 (this deployment: 2 replicas x 4) [policy gpu-quota]",
                        "b.yaml:15: spec.resources.gpu.count: namespace 'search' would hold 16 H100-80GB GPUs, over its quota of 15 (this deployment: 4 replicas x 2) [policy gpu-quota]")),
                Arguments.of(0, 8, 3, 4, 12, List.of()));
    }

    @ParameterizedTest
    @MethodSource("quotas")
    void keepsANamespaceWithinItsGpuQuota(int replicasA, int gpusA, int replicasB, int gpusB, int quota, List<String> expected) {
        ValidationContext context = withPolicy(Map.of("search", policy(Set.of(), Map.of("H100-80GB", quota))));
        List<SpecDocument> all = documents(
                "a.yaml", deployment("a", "search", "sim-local", 1, gpusA, replicasA, ""),
                "b.yaml", deployment("b", "search", "sim-local", 1, gpusB, replicasB, ""));

        assertThat(messages(new SpecValidator(context).validate(all))).containsExactlyElementsOf(expected);
    }

    @Test
    void countsTheAutoscalersMaximumAgainstTheQuota() {
        ValidationContext context = withPolicy(Map.of("search", policy(Set.of(), Map.of("H100-80GB", 8))));
        String autoscaled = deployment("a", "search", "sim-local", 1, 2, 1, "")
                .replace("  replicas: 1\n", "  autoscaling: {minReplicas: 1, maxReplicas: 5}\n");

        assertThat(messages(new SpecValidator(context).validate(documents("a.yaml", autoscaled)))).containsExactly(
                "a.yaml:15: spec.resources.gpu.count: namespace 'search' would hold 10 H100-80GB GPUs, over its quota of 8 (this deployment: 5 replicas x 2) [policy gpu-quota]");
    }

    @Test
    void appliesNoQuotaToGpuTypesOrNamespacesWithoutOne() {
        ValidationContext context = withPolicy(Map.of(
                "search", policy(Set.of(), Map.of("L4-24GB", 1)),
                "ranking", policy(Set.of(), Map.of())));
        List<SpecDocument> all = documents(
                "a.yaml", deployment("a", "search", "sim-local", 1, 8, 100, ""),
                "b.yaml", deployment("b", "ranking", "sim-local", 1, 8, 100, ""));

        assertThat(new SpecValidator(context).validate(all)).isEmpty();
        assertThat(new SpecValidator(ValidationContext.offline()).validate(all)).isEmpty();
    }
}
