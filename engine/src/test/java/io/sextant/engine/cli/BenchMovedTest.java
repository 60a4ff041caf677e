package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The end-to-end bench left the engine jar; the old command says where it went instead of starting an engine. */
class BenchMovedTest {

    @Test
    void benchFailsWithWhereTheBenchJarIsInsteadOfStartingTheEngine() {
        assertThat(SextantCli.handles(new String[] {"bench", "--restart"})).isTrue();

        CliRun run = CliRun.of("bench", "--restart");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("java -jar bench/target/sextant-bench.jar");
    }
}
