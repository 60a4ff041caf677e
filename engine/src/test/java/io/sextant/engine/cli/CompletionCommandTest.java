package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code completion bash} loaded into a real bash: it completes commands, output formats and the resource
 * names {@code sextant get resources -o name} prints (here a shell function standing in for the engine).
 */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    @Test
    void bashCompletesCommandsFormatsAndResourceNamesFromTheEngine() throws Exception {
        CliRun script = CliRun.of("completion", "bash");
        assertThat(script.code()).isZero();
        Path file = Files.writeString(tmp.resolve("sextant.bash"), script.out());

        assertThat(complete(file, "sextant de")).isEqualTo("describe");
        assertThat(complete(file, "sextant get resources -o y")).isEqualTo("yaml");
        assertThat(complete(file, "sextant get s")).isEqualTo("sources");
        assertThat(complete(file, "sextant describe ModelDeployment/search/l"))
                .isEqualTo("ModelDeployment/search/llama ModelDeployment/search/llama-v2");
        assertThat(complete(file, "sextant suspend source/")).isEqualTo("source/fleet");
    }

    @Test
    void zshGetsTheSameFunctionThroughBashcompinitAndAnUnknownShellIsRefused() {
        assertThat(CliRun.of("completion", "zsh").out()).startsWith("#compdef sextant\n").contains("bashcompinit")
                .contains("complete -F _sextant sextant");
        CliRun fish = CliRun.of("completion", "fish");
        assertThat(fish.code()).isEqualTo(ExitCode.ERROR);
        assertThat(fish.err()).startsWith("sextant completion: name the shell: bash or zsh");
    }

    /** What bash offers for the last word of {@code line}, as the completion function computes it. */
    private static String complete(Path script, String line) throws IOException, InterruptedException {
        String words = line.endsWith(" ") ? line + "''" : line;
        String program = """
                sextant() {
                  case "$2" in
                    resources) printf 'ModelDeployment/search/llama\\nModelDeployment/search/llama-v2\\nLoraAdapter/search/sql\\n' ;;
                    sources) printf 'source/fleet\\n' ;;
                  esac
                }
                source %s
                COMP_WORDS=(%s)
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _sextant
                echo "${COMPREPLY[*]}"
                """.formatted(script, words);
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
