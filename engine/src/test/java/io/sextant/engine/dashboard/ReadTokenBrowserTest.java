package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard on an engine whose reads need a token ({@code sextant.api.read-token}): the page asks
 * for it, reads and streams live events with it as a bearer header, and asks for the admin token when
 * the read token is used to sync. Streams end every few seconds here, so the page also has to reconnect
 * (with its token) and stay live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadTokenBrowserTest {

    static final String READ_TOKEN = "read-token-for-the-dashboard";
    static final String ADMIN_TOKEN = "admin-token-for-the-dashboard";

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    ChromeDriver driver;
    DashboardPage page;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir, "sextant.api.read-token=" + READ_TOKEN,
                "sextant.api.admin-token=" + ADMIN_TOKEN,
                // The server ends every stream after a few seconds, as some proxies do: the page must reconnect.
                "sextant.dashboard.stream-timeout=6s").run();
        driver = Browser.start(1280, 900);
        page = new DashboardPage(driver, "http://127.0.0.1:" + engine.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void asksForTheReadTokenThenShowsTheFleetLiveAndAsksForTheAdminTokenToSync() throws Exception {
        page.open("");
        page.await("the token dialog", d -> page.one("#token-dialog").isDisplayed());
        assertThat(page.text("#token-title")).isEqualTo("This engine needs a token");
        page.await("the stream waiting for a token", d -> page.text("#connection").equals("Token needed"));

        page.type("token-input", "a-wrong-token");
        page.one("#token-submit").click();
        page.await("the refusal", d -> page.text("#token-error").contains("401"));

        page.type("token-input", READ_TOKEN);
        page.one("#token-submit").click();
        page.await("the fleet", d -> page.rowNames().size() == 7);
        page.await("the live stream, authenticated", d -> page.text("#connection").equals("Live"));
        assertThat(page.one("#token-dialog").isDisplayed()).isFalse();
        page.script("window.sextantNotReloaded = true");

        Path repo = dataDir.resolve("sample-repo");
        Path file = repo.resolve("teams/ranking/bge-reranker.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
        String commit = GitCli.commitAll(repo, "ranking: three rerankers").substring(0, 7);

        page.one("#sync-now").click();
        page.await("a request for the admin token", d -> page.text("#token-error").contains("403"));
        assertThat(page.text("#token-title")).isEqualTo("Sync now");
        page.type("token-input", ADMIN_TOKEN);
        page.one("#token-submit").click();
        page.await("the sync accepted", d -> page.text("#toasts").contains("Sync requested for sample"));

        page.await("the new commit on the reranker, live", d -> commit.equals(
                page.cell("ModelDeployment/ranking/bge-reranker", "commit-cell")));
        assertThat(page.script("return window.sextantNotReloaded")).isEqualTo(true);
        int connects = connects();
        page.await("the stream reconnected after the server ended it", d -> connects() > connects
                && page.text("#connection").equals("Live"));
    }

    /** How many times the page's event stream has said hello. */
    int connects() {
        return ((Number) page.script("return Number(document.getElementById('connection').dataset.connects || 0)")).intValue();
    }
}
