package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import static io.sextant.spec.api.Specs.deployment;
import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityAndScalingRulesTest {

    private static final SpecValidator OFFLINE = new SpecValidator(ValidationContext.offline());

    @Test
    void reportsADuplicateIdentityNamingBothFiles() {
        List<SpecDocument> all = documents(
                "teams/search/b.yaml", deployment("llama", "sim-local"),
                "teams/search/a.yaml", deployment("llama", "sim-local"));

        List<SpecError> errors = OFFLINE.validate(all);

        assertThat(messages(errors)).containsExactly(
                "teams/search/b.yaml:4: metadata.name: duplicate ModelDeployment/search/llama: also defined at teams/search/a.yaml:4");
        assertThat(errors.get(0).resource()).isEqualTo(new ResourceKey(ModelDeployment.KIND, "search", "llama"));
    }

    @Test
    void allowsTheSameNameInAnotherNamespaceOrKind() {
        String adapter = """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: llama, namespace: search}
                spec: {deployment: llama, uri: hf://acme/lora}
                """;
        List<SpecDocument> all = documents(
                "a.yaml", deployment("llama", "sim-local"),
                "b.yaml", deployment("llama", "ranking", "sim-local", 1, 1, 1, ""),
                "c.yaml", adapter);

        assertThat(OFFLINE.validate(all)).isEmpty();
    }

    static Stream<Arguments> scaling() {
        String base = deployment("llama", "sim-local");
        return Stream.of(
                Arguments.of(base, List.of()),
                Arguments.of(base.replace("  replicas: 1\n", ""),
                        List.of("m.yaml:6: spec.replicas: set either replicas or autoscaling")),
                Arguments.of(base + "  autoscaling: {minReplicas: 1, maxReplicas: 2}\n",
                        List.of("m.yaml:17: spec.autoscaling: set either replicas or autoscaling, not both")),
                Arguments.of(base.replace("  replicas: 1\n", "  autoscaling: {minReplicas: 0, maxReplicas: 4}\n"), List.of()),
                Arguments.of(base.replace("  replicas: 1\n", "  autoscaling:\n    minReplicas: 3\n    maxReplicas: 2\n"),
                        List.of("m.yaml:18: spec.autoscaling.maxReplicas: must be >= minReplicas (3)")));
    }

    @ParameterizedTest
    @MethodSource("scaling")
    void requiresExactlyOneOfReplicasOrAutoscaling(String yaml, List<String> expected) {
        assertThat(messages(OFFLINE.validate(documents("m.yaml", yaml)))).containsExactlyElementsOf(expected);
    }

    @Test
    void rejectsNegativeMinReplicasEvenWhenBuiltWithoutTheSchema() {
        // The schema already refuses this in YAML; the rule also guards documents built in code.
        SpecDocument loaded = documents("m.yaml", deployment("llama", "sim-local")
                .replace("  replicas: 1\n", "  autoscaling: {minReplicas: 0, maxReplicas: 2}\n")).get(0);
        ModelDeployment original = (ModelDeployment) loaded.resource();
        ModelDeployment.Spec spec = original.spec();
        ModelDeployment negative = new ModelDeployment(original.metadata(), new ModelDeployment.Spec(spec.backend(),
                spec.model(), spec.runtime(), spec.resources(), null, new ModelDeployment.Autoscaling(-1, 2, null), List.of()));
        SpecDocument document = new SpecDocument(negative, loaded.manifest(), "m.yaml", 1, loaded.fieldLines());

        assertThat(messages(OFFLINE.validate(List.of(document))))
                .containsExactly("m.yaml:16: spec.autoscaling.minReplicas: must be >= 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1 | 1 | ''
            2 | 2 | ''
            2 | 4 | ''
            4 | 8 | ''
            2 | 1 | m.yaml:15: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (2)
            2 | 3 | m.yaml:15: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (2)
            4 | 6 | m.yaml:15: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (4)
            0 | 1 | m.yaml:11: spec.runtime.args.tensor-parallel-size: must be a positive integer
            """)
    void requiresGpuCountToBeAMultipleOfTensorParallelSize(int tensorParallel, int gpus, String expected) {
        List<SpecDocument> all = documents("m.yaml", deployment("llama", "search", "sim-local", tensorParallel, gpus, 1, ""));

        assertThat(messages(OFFLINE.validate(all))).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '"2"'  | 4 | ''
            '"2"'  | 3 | m.yaml:15: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (2)
            2.0    | 3 | m.yaml:15: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (2)
            two    | 2 | m.yaml:11: spec.runtime.args.tensor-parallel-size: must be a positive integer
            1.5    | 3 | m.yaml:11: spec.runtime.args.tensor-parallel-size: must be a positive integer
            """)
    void readsTensorParallelSizeWrittenAsTextOrDecimal(String written, int gpus, String expected) {
        String yaml = deployment("llama", "search", "sim-local", 1, gpus, 1, "")
                .replace("tensor-parallel-size: 1", "tensor-parallel-size: " + written);

        assertThat(messages(OFFLINE.validate(documents("m.yaml", yaml))))
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @Test
    void requiresGpusWhenTensorParallelSizeIsAboveOne() {
        String yaml = deployment("llama", "search", "sim-local", 2, 2, 1, "")
                .replace("  resources:\n    gpu:\n      type: H100-80GB\n      count: 2\n", "");

        assertThat(messages(OFFLINE.validate(documents("m.yaml", yaml))))
                .containsExactly("m.yaml:6: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (2)");
    }
}
