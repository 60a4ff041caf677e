package io.sextant.engine.dashboard;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's freeze on the dashboard: a banner above every page names the window holding changes, until when
 * and what it governs; the held resource's row says it is held by that window; the Sync windows page lists
 * the window, open now, with what it holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncWindowsBrowserTest {

    static final String LLAMA = "ModelDeployment/search/llama-3-8b-chat";

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
    void aFreezeShowsAsABannerOnItsHeldRowsAndOnTheWindowsPage() throws Exception {
        page.open("");
        page.await("the sample fleet synced", d -> page.rowNames().size() == 7);
        // A freeze that opened at the start of this hour (UTC) and lasts two: open now, until a known time.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String until = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX").withZone(ZoneOffset.UTC)
                .format(hour.plus(Duration.ofHours(2)));
        Files.writeString(fixture.work.resolve("teams/search/freeze.yaml"), """
                apiVersion: sextant.io/v1
                kind: SyncWindow
                metadata: {name: freeze, namespace: search}
                spec:
                  type: deny
                  schedule: "0 %d * * *"
                  duration: 2h
                  selector:
                    kinds: [ModelDeployment]
                """.formatted(hour.atZone(ZoneOffset.UTC).getHour()));
        Path llama = fixture.work.resolve("teams/search/llama-3-8b-chat.yaml");
        Files.writeString(llama, Files.readString(llama).replace("replicas: 2", "replicas: 3"));
        commitAll(fixture.work, "search: a freeze, and a third llama replica");
        git(fixture.work, "push", "-q", "origin", "main");
        fixture.client.sync();

        // The held rows come with the resources; what the window governs with the window list the page fetches then.
        page.await("the banner names the window and what it governs",
                d -> page.count("#windows-notice .held-window") == 1
                        && page.text("#windows-notice .held-window").contains(" · governs "));
        assertThat(page.text("#windows-notice .held-window")).isEqualTo("Sync window search/freeze holds 1 change until "
                + until + " · governs namespace search · kind ModelDeployment: search/llama-3-8b-chat. Sync windows");
        assertThat(page.texts("#resource-rows tr[data-key='" + LLAMA + "'] .row-message"))
                .contains("held by sync window search/freeze until " + until);
        assertThat(page.status(LLAMA, "operation")).isEqualTo("Blocked");
        page.screenshot("dashboard-sync-window-banner");

        page.click("a[data-nav='windows']");
        page.await("the windows page lists the freeze", d -> page.count("#windows tr[data-window='search/freeze']") == 1);
        String row = page.text("#windows tr[data-window='search/freeze']");
        assertThat(row).contains("deny").contains("0 " + hour.atZone(ZoneOffset.UTC).getHour() + " * * * (UTC) for 2h")
                .contains("open until " + hour.plus(Duration.ofHours(2))).contains("namespace search · kind ModelDeployment")
                .contains("1 held");
        assertThat(page.text("#windows-notice")).as("the banner stays above every page").contains("search/freeze");
        page.screenshot("dashboard-sync-windows");
    }
}
