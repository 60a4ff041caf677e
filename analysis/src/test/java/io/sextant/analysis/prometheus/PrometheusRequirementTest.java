package io.sextant.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without Prometheus its tests are skipped with the package to install, or fail where it is required. */
class PrometheusRequirementTest {

    private static final Path MISSING = Path.of("/nonexistent/prometheus");

    @Test
    void aMissingPrometheusSkipsNamingThePackage() {
        assertThatThrownBy(() -> PrometheusServer.check(MISSING, false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("install Debian's package 'prometheus'");
    }

    @Test
    void aMissingPrometheusFailsWhereItIsRequired() {
        assertThatThrownBy(() -> PrometheusServer.check(MISSING, true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("sextant.prometheus.required=true does not allow skipping them");
    }

    @Test
    void anInstalledProgramPasses() {
        assertThatCode(() -> PrometheusServer.check(Path.of("/bin/sh"), true)).doesNotThrowAnyException();
    }
}
