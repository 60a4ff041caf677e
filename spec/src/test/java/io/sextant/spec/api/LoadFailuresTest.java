package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.SpecError;
import static io.sextant.spec.api.Specs.deployment;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file that fails to load is one error, at its cause: references into it are not the referrers' errors. */
class LoadFailuresTest {

    private static final SpecValidator OFFLINE = new SpecValidator(ValidationContext.offline());

    private static final String ADAPTER = """
            apiVersion: sextant.io/v1
            kind: LoraAdapter
            metadata: {name: sql, namespace: search}
            spec:
              deployment: llama
              uri: hf://acme/sql
            """;

    private static final String ROUTE = """
            apiVersion: sextant.io/v1
            kind: InferenceRoute
            metadata: {name: chat, namespace: search}
            spec:
              modelName: chat
              targets:
                - {deployment: llama, weight: 100}
            """;

    /** What {@code validate} of these files reports: load errors first, then semantic errors. */
    private static LoadFailures.Report check(String... fileAndYaml) {
        List<SpecDocument> documents = new ArrayList<>();
        List<SpecError> loadErrors = new ArrayList<>();
        for (int i = 0; i < fileAndYaml.length; i += 2) {
            LoadResult result = Specs.load(fileAndYaml[i], fileAndYaml[i + 1]);
            documents.addAll(result.documents());
            loadErrors.addAll(result.errors());
        }
        return LoadFailures.report(loadErrors, OFFLINE.validate(documents));
    }

    @Test
    void aDeploymentWhoseFileFailsToParseIsOneErrorNotAlsoNotFoundAtItsAdapterAndRoute() {
        String broken = deployment("llama", "search", "sim-local", 1, 1, 1, "").replace("replicas: 1", "replicas: [1");

        LoadFailures.Report report = check("llama.yaml", broken, "lora.yaml", ADAPTER, "route.yaml", ROUTE);

        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo("llama.yaml");
            assertThat(error.unresolved()).isNull();
        });
        assertThat(messages(report.unchecked())).containsExactly(
                "lora.yaml:5: spec.deployment: ModelDeployment 'llama' not found in namespace 'search'",
                "route.yaml:7: spec.targets[0].deployment: ModelDeployment 'llama' not found in namespace 'search'");
    }

    @Test
    void aReferenceToNothingIsTheReferrersErrorWhenEveryFileLoads() {
        LoadFailures.Report report = check("lora.yaml", ADAPTER);

        assertThat(messages(report.errors()))
                .containsExactly("lora.yaml:5: spec.deployment: ModelDeployment 'llama' not found in namespace 'search'");
        assertThat(report.unchecked()).isEmpty();
    }

    @Test
    void errorsThatAreNotAboutMissingReferencesStayWhileAnotherFileFails() {
        String doubled = deployment("llama", "search", "sim-local", 1, 1, 1, "")
                + "---\n" + deployment("llama", "search", "sim-local", 1, 1, 1, "");

        LoadFailures.Report report = check("bad.yaml", "kind: [", "llama.yaml", doubled, "lora.yaml", ADAPTER);

        assertThat(messages(report.errors())).hasSize(2).anySatisfy(m -> assertThat(m).startsWith("bad.yaml"))
                .anySatisfy(m -> assertThat(m).startsWith("llama.yaml:").contains("llama"));
        assertThat(report.unchecked()).isEmpty();
    }
}
