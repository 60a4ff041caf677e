package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code plan} before any engine answers: usage mistakes and an engine that is not there. */
class PlanCommandUsageTest {

    @Test
    void withoutAServerItSaysWhatToPass() {
        assertThat(CliRun.of("plan")).isEqualTo(new CliRun(1, "",
                "sextant plan: --server is required, e.g. --server http://localhost:8080\n" + PlanCommand.USAGE + "\n"));
        assertThat(CliRun.of("plan", "--server", "ftp://engine").err())
                .startsWith("sextant plan: --server must be an http:// or https:// URL, got ftp://engine\n");
        assertThat(CliRun.of("plan", "--server", "http://engine", "extra").err())
                .startsWith("sextant plan: unexpected argument extra\n");
        assertThat(CliRun.of("plan", "--server").err()).startsWith("sextant plan: --server needs a value\n");
    }

    @Test
    void anEngineThatIsNotThereIsAnErrorNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }

        CliRun run = CliRun.of("plan", "--server", "http://127.0.0.1:" + port, "--token", "secret-read-token");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("sextant plan: cannot reach the engine at http://127.0.0.1:" + port
                + ": connection refused; is the engine running there?\n");
    }

    @Test
    void helpIsPrintedOnStdout() {
        CliRun run = CliRun.of("plan", "-h");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith(PlanCommand.USAGE + "\n\n");
    }
}
