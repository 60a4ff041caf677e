package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the source's Git server goes away, its card says Git is failing, since when, how many attempts
 * and when the next one is, live; the fleet stays as it was (the last good state).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitFailureBrowserTest {

    static final String GIT = "article.source[data-source='fleet'] dd.git-failure";

    @TempDir
    static Path root;

    DashboardFixture fixture;
    DashboardPage page;

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        fixture = new DashboardFixture(root);
        page = fixture.page;
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sourceCardShowsSinceWhenGitFailsAndHowOftenItWasTried() throws Exception {
        page.open("");
        page.await("the sample fleet synced", d -> page.rowNames().size() == 7);
        assertThat(page.all(GIT)).as("no Git failure while Git answers").isEmpty();
        page.script("window.sextantNotReloaded = true");

        // The repository is gone from the Git server (deleted, or moved without a redirect).
        java.nio.file.Files.move(root.resolve("server/fleet.git"), root.resolve("server/moved.git"));
        fixture.client.sync();
        page.await("the card says Git is failing", d -> !page.all(GIT).isEmpty());
        assertThat(page.text(GIT)).contains("failing").contains("since").contains("1 attempt")
                .contains("keeping the last good state");
        assertThat(page.texts("article.source[data-source='fleet'] ul.errors li")).singleElement()
                .satisfies(text -> assertThat(text).contains("ls-remote"));

        fixture.client.sync(); // a manual sync tries at once, whatever the backoff
        page.await("the second attempt counted", d -> page.text(GIT).contains("2 attempts"));
        assertThat(page.text(GIT)).containsPattern("next (in \\d+[sm]|due)");
        assertThat(page.rowNames()).as("the fleet is kept").hasSize(7);
        assertThat(page.script("return window.sextantNotReloaded")).as("followed live, no reload").isEqualTo(true);
        page.screenshot("dashboard-git-failure");
    }
}
