package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --plugins-dir}: the engine's plugin loader, and its refusals as usage errors. */
class ValidatePluginsDirTest {

    @TempDir
    Path tmp;

    @Test
    void aBrokenPluginIsExitStatusTwoNamingTheJar() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path jar = Files.write(plugins.resolve("cache.jar"), new byte[] {1, 2, 3});
        Files.createDirectories(tmp.resolve("specs"));

        CliRun run = CliRun.of("validate", "--plugins-dir", plugins.toString(), tmp.resolve("specs").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("sextant validate: " + jar + ": not a readable jar (");
    }

    @Test
    void aPluginsDirectoryThatIsNotThereIsAUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("specs"));

        CliRun run = CliRun.of("validate", "--plugins-dir", tmp.resolve("nope").toString(), tmp.resolve("specs").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("sextant validate: --plugins-dir: " + tmp.resolve("nope") + " is not a directory");
    }
}
