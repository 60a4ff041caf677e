package io.sextant.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The embedded sample fleet runs only with no sources and no backends configured (or when asked for): a
 * configuration with backends and no source has lost its sources, and the sample would land on those backends.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleFleetTest {

    @TempDir
    Path dataDir;

    SourceRegistry registry(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("sextant.data-dir", dataDir.toString());
        SextantProperties properties = new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("sextant", SextantProperties.class);
        return new SourceRegistry(properties, List.of());
    }

    static List<String> names(SourceRegistry registry) {
        try {
            return registry.all().stream().map(s -> s.properties().name()).toList();
        } finally {
            registry.destroy();
        }
    }

    @Test
    void withNoSourcesAndNoBackendsTheSampleFleetRunsAndSaysSo(CapturedOutput output) {
        SourceRegistry registry = registry(Map.of("sextant.drift.interval", "5s", "sextant.sync.max-deletions", "3"));

        assertThat(registry.sampleNotice()).isEqualTo("Running the embedded sample fleet (no sextant configuration given)");
        assertThat(names(registry)).containsExactly("sample");
        assertThat(dataDir.resolve("sample-repo/.git")).isDirectory();
        assertThat(output.getAll()).contains("WARN", "Running the embedded sample fleet (no sextant configuration"
                + " given): the engine watches the sample repository in " + dataDir.toAbsolutePath()
                + "/sample-repo");
    }

    @Test
    void simBackendsWithoutSourcesStopStartUpInsteadOfRunningTheSample() {
        assertThatThrownBy(() -> registry(Map.of("sextant.backends[0].name", "lab", "sextant.backends[0].type", "sim",
                "sextant.backends[0].gpus.L4-24GB", "2")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("sextant.sources: is not set, while sextant.backends configures a"
                            + " sim backend (lab); the embedded sample fleet runs only when neither is set");
                    assertThat(e.fix()).contains("Add your Git repository under sextant.sources",
                            "sextant.sample.enabled: true");
                });
        assertThat(Files.exists(dataDir.resolve("sample-repo"))).as("no sample repository made").isFalse();
    }

    @Test
    void theSampleFleetRunsOnConfiguredSimBackendsWhenAskedFor() {
        SourceRegistry registry = registry(Map.of("sextant.sample.enabled", "true",
                "sextant.backends[0].name", "sim-local", "sextant.backends[0].type", "sim"));

        assertThat(registry.sampleNotice()).isEqualTo("Running the embedded sample fleet (sextant.sample.enabled is set)");
        assertThat(names(registry)).containsExactly("sample");
    }

    @Test
    void theSampleFleetIsNeverRunOnABackendThatIsNotSimulatedEvenWhenAskedFor() {
        assertThatThrownBy(() -> registry(Map.of("sextant.sample.enabled", "true",
                "sextant.backends[0].name", "shared", "sextant.backends[0].type", "vllm")))
                .hasMessage("sextant.sample.enabled: the sample fleet runs only on sim backends, and sextant.backends"
                        + " configures a vllm backend (shared)");
    }

    @Test
    void askingForTheSampleBesideOwnSourcesIsRefused() {
        assertThatThrownBy(() -> registry(Map.of("sextant.sample.enabled", "true",
                "sextant.sources[0].name", "platform", "sextant.sources[0].url", dataDir.resolve("repo").toString())))
                .hasMessageStartingWith("sextant.sample.enabled: runs the sample repository instead of sextant.sources");
    }

    @Test
    void ownSourcesRunWithoutTheSample() {
        SourceRegistry registry = registry(Map.of("sextant.sources[0].name", "platform",
                "sextant.sources[0].url", dataDir.resolve("repo").toString()));

        assertThat(registry.sampleNotice()).isNull();
        assertThat(names(registry)).containsExactly("platform");
    }
}
