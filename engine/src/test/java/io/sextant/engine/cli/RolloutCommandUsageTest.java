package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rollout} and {@code rollback} refuse wrong usage before calling any engine, and say what is wrong. */
class RolloutCommandUsageTest {

    @Test
    void aResourceThatIsNotKindNamespaceNameIsRefusedWithAnExample() {
        CliRun run = CliRun.of("rollout", "promote", "llama");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("'llama' is not KIND/NAMESPACE/NAME, e.g. ModelDeployment/search/llama");
    }

    @Test
    void aPathSmuggledIntoTheResourceIsRefused() {
        CliRun run = CliRun.of("rollback", "ModelDeployment/search/../../sync");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("is not KIND/NAMESPACE/NAME");
    }

    @Test
    void rolloutWithoutAVerbNamesTheVerbs() {
        CliRun run = CliRun.of("rollout");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("say status, promote or abort").contains(RolloutCommand.USAGE);
    }

    @Test
    void anEngineThatIsNotThereIsAnErrorNamingTheAddressNotTheToken() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun run = CliRun.withEnv(Map.of("SEXTANT_TOKEN", "s3cret-operator-token"), "rollout", "status",
                "--server", "http://127.0.0.1:" + port);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the engine at http://127.0.0.1:" + port)
                .doesNotContain("s3cret-operator-token");
    }
}
