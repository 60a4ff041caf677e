package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suspend and resume from the dashboard, as an admin does during an incident: the buttons appear only once the
 * tab holds a token that may use them; a suspended resource says so (by whom, since when, why) on its page and
 * in the fleet table; a pushed commit waits; Resume applies it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuspendBrowserTest {

    static final String CHAT = "ModelDeployment/search/llama-3-8b-chat";
    static final String CHAT_FILE = "teams/search/llama-3-8b-chat.yaml";

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
    void suspendedResourceShowsWhoAndWhyHoldsACommitAndAppliesItOnResume() throws Exception {
        page.open("#/");
        page.await("the sample fleet synced", d -> page.rowNames().size() == 7);
        page.open("#/resources/" + CHAT);
        page.await("the resource page", d -> page.count("#resource-detail") == 1);
        assertThat(page.count(".suspend-button")).as("no button without a token that may use it").isZero();

        // The admin token enters the tab the way it always does: through "Sync now".
        page.one("#sync-now").click();
        page.await("the token dialog", d -> page.one("#token-dialog").isDisplayed());
        page.type("token-input", DashboardFixture.ADMIN_TOKEN);
        page.one("#token-submit").click();
        page.await("the Suspend button for an admin", d -> page.count("#resource-detail .suspend-button") == 1);

        // The reason a person types into the prompt.
        page.script("window.prompt = () => 'GPU incident INC-42'");
        page.click("#resource-detail .suspend-button");
        page.await("the suspension shown", d -> page.text("#resource-suspended").contains("INC-42"));
        assertThat(page.text("#resource-suspended")).contains("Suspended by admin-token since").contains("drift is reported");
        assertThat(page.texts("#resource-detail .title-badges .suspended-badge")).singleElement()
                .satisfies(badge -> assertThat(badge).endsWith("Suspended"));
        assertThat(page.count("#resource-detail .resume-button")).isOne();

        String applied = page.text("#applied-commit").trim();
        String commit = fixture.push(CHAT_FILE, "replicas: 2", "replicas: 1", "search: one replica").substring(0, 7);
        fixture.client.sync();
        page.await("the commit held", d -> page.text("#resource-message").contains("waits for resume"));
        assertThat(page.text("#applied-commit").trim()).isEqualTo(applied).doesNotStartWith(commit);
        page.screenshot("dashboard-suspended");

        page.open("#/");
        page.await("the badge in the fleet table", d -> page.texts("#resource-rows tr[data-key='" + CHAT + "'] .suspended-badge")
                .stream().anyMatch(badge -> badge.endsWith("Suspended")));
        assertThat(page.count("#resource-rows .suspended-badge")).as("only the suspended resource").isOne();
        assertThat(page.count("article.source .suspended-badge")).as("the source is not suspended").isZero();

        page.open("#/resources/" + CHAT);
        page.await("the Resume button", d -> page.count("#resource-detail .resume-button") == 1);
        page.click("#resource-detail .resume-button");
        page.await("the held commit applied", d -> page.text("#applied-commit").contains(commit));
        assertThat(page.count("#resource-detail .suspended-badge")).isZero();
        assertThat(page.count("#resource-suspended")).isZero();
        page.screenshot("dashboard-resumed");

        // A whole source, suspended through the API: its card and every row say so; an admin resumes it on the card.
        assertThat(fixture.client.post("/api/v1/sources/fleet/suspend?reason=change%20freeze", DashboardFixture.ADMIN_TOKEN)
                .statusCode()).isEqualTo(200);
        page.open("#/");
        page.await("the source card suspended", d -> page.text("article.source[data-source='fleet'] .suspended-notice")
                .contains("change freeze"));
        page.await("every row suspended", d -> page.count("#resource-rows .suspended-badge") == 7);
        page.click("article.source[data-source='fleet'] .resume-button");
        page.await("the source resumed", d -> page.count(".suspended-badge") == 0);
    }
}
