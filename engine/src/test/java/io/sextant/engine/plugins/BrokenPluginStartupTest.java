package io.sextant.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** A plugin the engine cannot use stops start-up with one readable paragraph naming the jar, no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class BrokenPluginStartupTest {

    private static final Pattern REPORT = Pattern.compile(
            "APPLICATION FAILED TO START\\s*\\*+\\s*Description:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R", Pattern.DOTALL);

    @TempDir
    Path tmp;

    private Matcher refusal(CapturedOutput output, String... properties) {
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + tmp.resolve("data"))
                .properties(properties).run()) {
            throw new AssertionError("the engine started");
        } catch (RuntimeException expected) {
            // The report is the output under test.
        }
        Matcher report = REPORT.matcher(output.getAll());
        assertThat(report.find()).as("the failure report in:%n%s", output.getAll()).isTrue();
        assertThat(report.group(1).lines()).as("one line").hasSize(1);
        assertThat(output.getAll().lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat "));
        return report;
    }

    @Test
    void aCorruptJarInTheDefaultPluginsDirectoryStopsStartUpNamingIt(CapturedOutput output) throws Exception {
        Path jar = Files.createDirectories(tmp.resolve("data/plugins")).resolve("model-cache.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});

        Matcher report = refusal(output);

        assertThat(report.group(1)).startsWith("sextant.plugins-dir: " + jar.toAbsolutePath() + ": not a readable jar (");
        assertThat(report.group(2)).startsWith("Rebuild or re-copy the jar");
    }

    @Test
    void aPluginsDirectoryThatIsNotThereStopsStartUp(CapturedOutput output) {
        Path missing = tmp.resolve("no-such-dir");

        Matcher report = refusal(output, "sextant.plugins-dir=" + missing);

        assertThat(report.group(1)).isEqualTo("sextant.plugins-dir: " + missing.toAbsolutePath() + " is not a directory");
    }
}
