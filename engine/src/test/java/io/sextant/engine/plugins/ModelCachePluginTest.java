package io.sextant.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example plugin from a clean checkout to the dashboard: {@code examples/plugins/model-cache} built
 * offline with the Maven wrapper, its jar dropped into a real engine's plugins directory, and a
 * {@code ModelCache} spec validated, planned, applied onto {@code sim}, audited and listed, while the
 * engine's own sources never name the kind. One build and one engine for the class.
 */
class ModelCachePluginTest {

    @TempDir
    static Path tmp;

    static Path jar;
    static Path pluginsDir;
    static Path fleet;
    static ConfigurableApplicationContext engine;

    @BeforeAll
    static void buildThePluginAndStartAnEngineWithIt() throws Exception {
        jar = ExamplePluginBuild.build(Files.createDirectories(tmp.resolve("build")));
        pluginsDir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, pluginsDir.resolve("model-cache.jar"));
        fleet = GitCli.initRepo(tmp.resolve("fleet"));
        GitCli.writeFile(fleet, "deploy/caches.yaml", """
                apiVersion: sextant.io/v1alpha1
                kind: ModelCache
                metadata: {name: llama-weights, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f}
                  size: 16Gi
                  nodeSelector: {sextant.io/gpu-type: H100-80GB}
                """);
        GitCli.commitAll(fleet, "cache llama's weights on the H100 nodes");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties(
                "server.port=0",
                "sextant.data-dir=" + tmp.resolve("data"),
                "sextant.plugins-dir=" + pluginsDir,
                "sextant.api.admin-token=test-admin-token",
                "sextant.sources[0].name=fleet",
                "sextant.sources[0].url=" + fleet,
                "sextant.sources[0].paths[0]=deploy/",
                "sextant.sources[0].poll-interval=1h",
                "sextant.backends[0].name=sim-local",
                "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=16",
                "sextant.backends[0].disk-per-node=100Gi",
                "sextant.backends[0].pull-rate=8Gi").run();
    }

    @AfterAll
    static void stopTheEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theEngineLoadsTheExamplePluginAndItsKind() {
        LoadedPlugins plugins = engine.getBean(LoadedPlugins.class);

        assertThat(plugins.describe()).containsExactly(
                "plugin model-cache (plugin API 1) from " + pluginsDir.toAbsolutePath().resolve("model-cache.jar")
                        + ": 1 kind",
                "kind ModelCache [sextant.io/v1alpha1] from plugin model-cache");
    }

    @Test
    void noFileOfSpecEngineOrAppliersNamesTheKind() throws IOException {
        List<Path> naming;
        try (Stream<Path> files = Stream.of("spec", "engine", "appliers")
                .flatMap(module -> walk(ExamplePluginBuild.ROOT.resolve(module).resolve("src/main")))) {
            naming = files.filter(f -> read(f).contains("ModelCache")).toList();
        }
        assertThat(naming).as("production sources naming ModelCache").isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
