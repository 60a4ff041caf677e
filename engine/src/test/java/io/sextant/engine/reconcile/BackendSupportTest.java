package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.kinds.WarmupPlugin;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.api.ValidationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resource whose backend cannot serve its kind is a validation error at its file and line, never an apply. */
class BackendSupportTest {

    private static final Kinds KINDS = Kinds.builtIn().with(List.of(new WarmupPlugin()));
    private static final String BASE = """
            apiVersion: sextant.io/v1
            kind: ModelDeployment
            metadata: {name: base, namespace: search}
            spec:
              backend: %s
              model: {uri: s3://models/base}
              runtime: {engine: %s}
              replicas: 1
            """;

    @TempDir
    Path dataDir;

    @Test
    void aPluginKindOnABackendWhoseTypeHasNoSupportForItIsRefusedAtItsKindLine() {
        List<String> errors = validate(new FakeApplier("fake"), BASE.formatted("fake", "vllm"), """
                apiVersion: testing.sextant.io/v1
                kind: Warmup
                metadata: {name: warm, namespace: search}
                spec: {deployment: base, requests: 10}
                """);

        assertThat(errors).containsExactly("warmup.yaml:2: kind: backend 'fake' (fake) does not serve Warmup "
                + "(it serves InferenceRoute, LoraAdapter, ModelDeployment)");
    }

    @Test
    void anAdapterWhoseDeploymentIsOnTritonIsRefusedWithWhatToUseInstead() {
        var triton = Appliers.create(new BackendConfig("triton-a", "triton", Map.of("url", "http://127.0.0.1:9"),
                dataDir.resolve("triton-a")));

        List<String> errors = validate(triton, BASE.formatted("triton-a", "triton"), """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: search}
                spec: {deployment: base, uri: hf://acme/sql-lora}
                """);

        assertThat(errors).singleElement().satisfies(error -> assertThat(error).startsWith(
                "warmup.yaml:2: kind: backend 'triton-a' (triton) cannot load LoRA adapters"));
    }

    private static List<String> validate(io.sextant.appliers.api.Applier backend, String base, String other) {
        SpecLoader loader = new SpecLoader(KINDS);
        List<SpecDocument> documents = new ArrayList<>();
        documents.addAll(loader.load("base.yaml", base.getBytes(StandardCharsets.UTF_8)).documents());
        var loaded = loader.load("warmup.yaml", other.getBytes(StandardCharsets.UTF_8));
        assertThat(loaded.errors()).isEmpty();
        documents.addAll(loaded.documents());
        BackendRegistry backends = BackendRegistry.of(backend);
        SpecValidator validator = new SpecValidator(KINDS, new ValidationContext(Set.of(backend.name()), Map.of()),
                List.of(new BackendSupport(KINDS, backends)));
        return validator.validate(documents).stream().map(SpecError::toString).toList();
    }
}
