package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.Unsupported;
import io.sextant.spec.api.LoadResult;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.Selectors;
import io.sextant.plugin.SpecError;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.api.ValidationContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The sample repository stays valid: the quick start's specs on sim, and the examples on their backends. */
class SampleRepositoryTest {

    static final Path SAMPLE = Path.of("..", "sample-repo").toAbsolutePath().normalize();
    static final SpecLoader LOADER = new SpecLoader();

    @TempDir
    Path dataDir;

    static List<SpecDocument> load(Path dir, List<SpecError> errors) throws Exception {
        List<SpecDocument> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> SpecLoader.isSpecFile(f.toString())).sorted().toList()) {
                LoadResult result = LOADER.load(SAMPLE.relativize(file).toString(), Files.readAllBytes(file));
                documents.addAll(result.documents());
                errors.addAll(result.errors());
            }
        }
        return documents;
    }

    @Test
    void theQuickStartSpecsAreValidOnTheSimBackend() throws Exception {
        List<SpecError> errors = new ArrayList<>();
        List<SpecDocument> documents = load(SAMPLE.resolve("teams"), errors);
        errors.addAll(new SpecValidator(new ValidationContext(java.util.Set.of("sim-local"), Map.of()))
                .validate(documents));

        assertThat(errors).isEmpty();
        assertThat(documents).hasSize(7);
        assertThat(documents).extracting(d -> d.key().namespace()).contains("search", "embeddings", "ranking", "research");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyExampleIsValidOnTheBackendOfTheExampleConfiguration() throws Exception {
        Map<String, Object> config;
        try (InputStream in = Files.newInputStream(SAMPLE.resolve("config/sextant.yaml"))) {
            config = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("sextant");
        }
        Map<String, Applier> backends = new LinkedHashMap<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) config.get("backends")) {
            Map<String, Object> settings = new HashMap<>(entry);
            String name = (String) settings.remove("name");
            String type = (String) settings.remove("type");
            if (type.equals("kubernetes")) {
                settings.put("url", "https://127.0.0.1:1"); // never contacted: check() is offline
                settings.put("token-file", Files.writeString(dataDir.resolve("token"), "x").toString());
            }
            if (settings.containsKey("token-env")) {
                settings.remove("token-env");
            }
            backends.put(name, Appliers.create(new BackendConfig(name, type, settings, dataDir.resolve(name))));
        }
        try {
            List<SpecError> errors = new ArrayList<>();
            // The paths the example configuration watches.
            List<SpecDocument> documents = load(SAMPLE.resolve("teams"), errors);
            documents.addAll(load(SAMPLE.resolve("examples"), errors));
            documents = new ArrayList<>(new Selectors(io.sextant.spec.api.Kinds.builtIn()).resolveAll(documents)); // as the engine
            errors.addAll(new SpecValidator(new ValidationContext(backends.keySet(), Map.of())).validate(documents));
            Map<String, String> deploymentBackend = new HashMap<>();
            documents.stream().filter(d -> d.resource() instanceof ModelDeployment).forEach(d -> deploymentBackend
                    .put(d.key().namespace() + "/" + d.key().name(), ((ModelDeployment) d.resource()).spec().backend()));
            for (SpecDocument doc : documents) {
                if (io.sextant.spec.api.Kinds.builtIn().definition(doc.key().kind()).engineSide()) {
                    continue; // a sync window: no backend serves it
                }
                String backend = doc.resource() instanceof ModelDeployment md ? md.spec().backend()
                        : deploymentBackend.get(doc.key().namespace() + "/" + io.sextant.spec.api.Kinds.builtIn().dependsOn(doc.resource()).get(0).name());
                for (Unsupported problem : io.sextant.appliers.api.Appliers.check(backends.get(backend), doc.resource())) {
                    errors.add(doc.error(problem.field(), problem.message()));
                }
            }
            assertThat(errors).isEmpty();
            assertThat(documents).extracting(d -> d.file().split("/")[1]).contains("kubernetes", "kserve", "ray-serve",
                    "triton", "vllm", "sync-windows");
        } finally {
            backends.values().forEach(Applier::close);
        }
    }
}
