package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** What the browser tests do on a machine without Chromium: skip visibly, or fail where browsers are required. */
class BrowserRequirementTest {

    static final List<Path> ABSENT = List.of(Path.of("/nonexistent/chromium"), Path.of("/nonexistent/chromedriver"));

    @Test
    void withoutChromiumTheTestsAreSkippedWithTheDebianPackagesToInstall() {
        assertThatThrownBy(() -> Browser.check(ABSENT, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y chromium chromium-driver")
                .hasMessageContaining("/nonexistent/chromedriver");
    }

    @Test
    void whenBrowsersAreRequiredAMissingChromiumFailsInsteadOfSkipping() {
        assertThatThrownBy(() -> Browser.check(ABSENT, true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("chromium chromium-driver")
                .hasMessageContaining("sextant.browser.required=true");
    }

    @Test
    void installedProgramsNeitherSkipNorFail() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertThatCode(() -> Browser.check(List.of(java), true)).doesNotThrowAnyException();
    }
}
