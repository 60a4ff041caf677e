package io.sextant.engine.dashboard;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source card lists each file of a commit that could not be read, with its path and why, names that
 * commit as seen but not applied, and follows the fix live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadFilesBrowserTest {

    static final String ERRORS = "article.source[data-source='fleet'] ul.errors li";
    static final String HUGE = "teams/search/huge.yaml";
    static final String LOGO = "teams/search/logo.yaml";

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
    void sourceCardListsTheHugeAndTheBinaryFileUntilACommitRemovesThem() throws Exception {
        page.open("");
        page.await("the sample fleet synced", d -> page.rowNames().size() == 7);
        page.script("window.sextantNotReloaded = true");

        GitCli.writeLargeFile(fixture.work, HUGE, "# generated\n", "# 0123456789abcdef0123456789abcdef\n", 30L * 1024 * 1024);
        Files.write(fixture.work.resolve(LOGO), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0});
        Path bge = fixture.work.resolve("teams/embeddings/bge-large-en.yaml");
        Files.writeString(fixture.work.resolve("teams/embeddings/bge-small-en.yaml"),
                Files.readString(bge).replace("bge-large-en", "bge-small-en").replace("replicas: 2", "replicas: 1"));
        push("embeddings: bge-small-en, plus two stray files");

        page.await("two errors on the source card", d -> page.count(ERRORS) == 2);
        List<String> errors = page.texts(ERRORS);
        assertThat(errors).satisfiesExactly(
                huge -> assertThat(huge).startsWith(HUGE + ": file is 30 MiB, over the max-file-size of 4 MiB"),
                logo -> assertThat(logo).startsWith(LOGO + ": binary file"));
        assertThat(page.text("article.source[data-source='fleet'] .source-head")).contains("2 errors");
        assertThat(page.text("article.source[data-source='fleet'] .seen-commit"))
                .as("the newest commit, and why it is not the last synced one")
                .contains("embeddings: bge-small-en").contains("not applied: 2 spec errors");
        page.await("the good spec of that commit listed", d -> page.rowNames().contains("bge-small-en"));
        page.screenshot("dashboard-bad-files");

        git(fixture.work, "rm", "-q", HUGE, LOGO);
        push("remove the stray files");

        page.await("no errors on the source card", d -> page.count(ERRORS) == 0);
        assertThat(page.text("article.source[data-source='fleet'] .source-head")).doesNotContain("error");
        page.await("the fix is the last synced commit", d -> page.count("article.source[data-source='fleet'] .seen-commit") == 0
                && page.text("article.source[data-source='fleet'] .synced-commit").contains("remove the stray files"));
        assertThat(page.script("return window.sextantNotReloaded")).as("followed live, no reload").isEqualTo(true);
    }

    private void push(String message) {
        commitAll(fixture.work, message);
        git(fixture.work, "push", "-q", "origin", "main");
        fixture.client.sync();
    }
}
