package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.SpecError;
import static io.sextant.spec.api.Specs.deployment;
import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceRulesTest {

    private static final SpecValidator OFFLINE = new SpecValidator(ValidationContext.offline());

    private static String adapter(String name, String namespace, String deployment, String dependsOn) {
        return """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: %s, namespace: %s}
                spec:
                  deployment: %s
                  uri: hf://acme/%s
                  dependsOn: [%s]
                """.formatted(name, namespace, deployment, name, dependsOn);
    }

    private static String route(String... targets) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: search}
                spec:
                  modelName: chat
                  targets:
                """);
        for (String target : targets) {
            yaml.append("    - ").append(target).append('\n');
        }
        return yaml.toString();
    }

    @Test
    void requiresAnAdaptersDeploymentInTheSameNamespace() {
        List<SpecDocument> all = documents(
                "base.yaml", deployment("llama", "ranking", "sim-local", 1, 1, 1, ""),
                "lora.yaml", adapter("sql", "search", "llama", ""));

        assertThat(messages(OFFLINE.validate(all)))
                .containsExactly("lora.yaml:5: spec.deployment: ModelDeployment 'llama' not found in namespace 'search'");
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(route("{deployment: a, weight: 90}", "{deployment: b, weight: 10}"), List.of()),
                Arguments.of(route("{deployment: a, weight: 100}"), List.of()),
                Arguments.of(route("{deployment: a, weight: 90}", "{deployment: b, weight: 20}"),
                        List.of("r.yaml:6: spec.targets: weights must sum to 100 (they sum to 110)")),
                Arguments.of(route("{deployment: a, weight: 90}", "{deployment: missing, weight: 10}"),
                        List.of("r.yaml:8: spec.targets[1].deployment: ModelDeployment 'missing' not found in namespace 'search'")),
                Arguments.of(route("{deployment: a, weight: 50}", "{deployment: a, weight: 50}"),
                        List.of("r.yaml:8: spec.targets[1].deployment: 'a' is already spec.targets[0]")),
                Arguments.of(route("{deployment: a, weight: 50}", "{deployment: b, weight: 25}", "{deployment: k8s, weight: 25}"),
                        List.of("r.yaml:9: spec.targets[2].deployment: 'k8s' is on backend 'prod-k8s' but spec.targets[0] "
                                + "is on 'sim-local': all targets of a route must share one backend")));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void requiresRouteTargetsToExistOnOneBackendAndWeighOneHundred(String route, List<String> expected) {
        List<SpecDocument> all = documents(
                "a.yaml", deployment("a", "sim-local"),
                "b.yaml", deployment("b", "sim-local"),
                "k8s.yaml", deployment("k8s", "prod-k8s"),
                "r.yaml", route);

        assertThat(messages(OFFLINE.validate(all))).containsExactlyElementsOf(expected);
    }

    @Test
    void requiresExplicitDependenciesToExist() {
        List<SpecDocument> all = documents(
                "base.yaml", deployment("llama", "sim-local"),
                "lora.yaml", adapter("sql", "search", "llama", "ModelDeployment/llama, LoraAdapter/shared/tokenizer"));

        List<SpecError> errors = OFFLINE.validate(all);

        assertThat(messages(errors))
                .containsExactly("lora.yaml:7: spec.dependsOn[1]: LoraAdapter/shared/tokenizer does not exist");
        assertThat(errors.get(0).resource()).hasToString("LoraAdapter/search/sql");
    }

    @Test
    void reportsADependencyCycleOnEveryResourceInIt() {
        List<SpecDocument> all = documents(
                "a.yaml", deployment("a", "search", "sim-local", 1, 1, 1, "  dependsOn: [LoraAdapter/lora]\n"),
                "lora.yaml", adapter("lora", "search", "a", ""));

        assertThat(messages(OFFLINE.validate(all))).containsExactly(
                "a.yaml:17: spec.dependsOn[0]: dependency cycle: ModelDeployment/search/a -> LoraAdapter/search/lora -> ModelDeployment/search/a",
                "lora.yaml:5: spec.deployment: dependency cycle: LoraAdapter/search/lora -> ModelDeployment/search/a -> LoraAdapter/search/lora");
    }

    @Test
    void reportsAResourceThatDependsOnItself() {
        List<SpecDocument> all = documents(
                "a.yaml", deployment("a", "search", "sim-local", 1, 1, 1, "  dependsOn:\n    - ModelDeployment/search/a\n"));

        assertThat(messages(OFFLINE.validate(all))).containsExactly(
                "a.yaml:18: spec.dependsOn[0]: dependency cycle: ModelDeployment/search/a -> ModelDeployment/search/a");
    }

    @Test
    void acceptsALongDependencyChainQuickly() {
        List<SpecDocument> all = chain(10_000, false);

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), () -> OFFLINE.validate(all))).isEmpty();
    }

    @Test
    void findsACycleClosedAtTheEndOfALongChain() {
        List<SpecError> errors = OFFLINE.validate(chain(1_000, true));

        assertThat(errors).hasSize(1_000);
        assertThat(errors.get(0).toString()).isEqualTo("d0.yaml:17: spec.dependsOn[0]: dependency cycle: "
                + "ModelDeployment/search/d0 -> ModelDeployment/search/d999 -> ModelDeployment/search/d998 -> "
                + "ModelDeployment/search/d997 -> ModelDeployment/search/d996 -> ModelDeployment/search/d995 -> ... -> "
                + "ModelDeployment/search/d1 -> ModelDeployment/search/d0 (1000 resources)");
    }

    /** d1 depends on d0, d2 on d1, and so on; with {@code closed}, d0 depends on the last. Built in code: loading 10,000 files is not the point. */
    private static List<SpecDocument> chain(int length, boolean closed) {
        SpecDocument template = documents("d.yaml",
                deployment("d", "search", "sim-local", 1, 1, 1, "  dependsOn: [ModelDeployment/x]\n")).get(0);
        ModelDeployment.Spec spec = ((ModelDeployment) template.resource()).spec();
        List<SpecDocument> all = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int previous = i > 0 ? i - 1 : closed ? length - 1 : -1;
            List<ResourceKey> dependsOn = previous < 0 ? List.of()
                    : List.of(new ResourceKey(ModelDeployment.KIND, "search", "d" + previous));
            ModelDeployment deployment = new ModelDeployment(new Metadata("d" + i, "search", null),
                    new ModelDeployment.Spec(spec.backend(), spec.model(), spec.runtime(), spec.resources(),
                            spec.replicas(), null, dependsOn));
            all.add(new SpecDocument(deployment, template.manifest(), "d" + i + ".yaml", 1, template.fieldLines()));
        }
        return all;
    }
}
