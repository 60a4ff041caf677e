package io.sextant.engine.dashboard;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.EngineClient;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The dashboard in a real headless Chromium, as a platform engineer uses it: a real engine reconciles a
 * repository served over smart HTTP, commits are pushed with the {@code git} client, and the page must
 * follow without being reloaded. The steps build on each other like a user's session, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final String CHAT = "ModelDeployment/search/llama-3-8b-chat";
    static final String CHAT_FILE = "teams/search/llama-3-8b-chat.yaml";

    @TempDir
    static Path root;

    DashboardFixture fixture;
    DashboardPage page;
    EngineClient client;

    @BeforeAll
    void start() throws IOException {
        Browser.assumeInstalled();
        fixture = new DashboardFixture(root);
        page = fixture.page;
        client = fixture.client;
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void overviewShowsEverySampleResourceWithStatusCommitAndGpuUsage() throws IOException {
        page.open("");
        String head = fixture.head().substring(0, 7);

        page.await("seven resources, all Synced and Healthy, on the first commit", d -> {
            List<String> keys = page.attributes("#resource-rows tr[data-key]", "data-key");
            return keys.size() == 7 && keys.stream().allMatch(k -> "Synced".equals(page.status(k, "sync"))
                    && "Healthy".equals(page.status(k, "health")) && head.equals(page.cell(k, "commit-cell")));
        });
        assertThat(page.rowNames()).contains("llama-3-8b-chat", "llama-3-8b-chat-v2", "sql-lora", "chat",
                "llama-3-70b", "bge-large-en", "bge-reranker");
        assertThat(page.cell(CHAT, "commit-cell")).isEqualTo(head);
        assertThat(page.text("article.source[data-source='fleet'] .synced-commit"))
                .contains(head, "Import the fleet", "by " + GitCli.NAME);
        assertThat(page.text("article.source[data-source='fleet']")).contains("main");

        JsonNode h100 = client.getJson("/api/v1/backends").get("items").get(0).get("gpus").valueStream()
                .filter(g -> g.get("type").asString().equals("H100-80GB")).findFirst().orElseThrow();
        String usage = h100.get("used").asInt() + " / 8";
        assertThat(page.text("[data-backend='sim-local'] [data-gpu='H100-80GB'] .gpu-count")).isEqualTo(usage);
        assertThat(page.one("[data-backend='sim-local'] [data-gpu='H100-80GB'] [role='meter']").getAttribute("aria-valuetext"))
                .isEqualTo(h100.get("used").asInt() + " of 8 used");
        assertThat(page.text("#summary").toLowerCase()).contains("synced\n7 / 7", "healthy\n7 / 7"); // labels are upper case
        page.await("the live indicator", d -> page.text("#connection").equals("Live"));

        fixture.driver.manage().window().setSize(new Dimension(1440, 1750));
        page.screenshot("dashboard-overview");
        fixture.driver.manage().window().setSize(new Dimension(1440, 1000));

        // The sample route selects its deployments by label: its page says what each selector selects.
        page.open("#/resources/InferenceRoute/search/chat");
        page.await("the route's page", d -> page.count("#resource-detail") == 1 && !page.text("#resource-summary").isEmpty());
        assertThat(page.text("#resource-summary")).isEqualTo("chat -> llama-3-8b-chat 90%, llama-3-8b-chat-v2 10% "
                + "(team=search,tier=prod selects llama-3-8b-chat) (team=search,tier=canary selects llama-3-8b-chat-v2)");
        assertThat(page.text("#desired")).contains("\"selectors\"", "\"deployments\"");
        page.open("");
        page.await("back on the overview", d -> page.attributes("#resource-rows tr[data-key]", "data-key").size() == 7);
    }

    @Test
    @Order(2)
    void pushedCommitChangesAStatusLiveWithoutReload() throws IOException {
        page.script("window.sextantNotReloaded = true");

        String commit = fixture.push(CHAT_FILE, "replicas: 2", "replicas: 12",
                "search: scale llama-3-8b-chat to 12 replicas").substring(0, 7);
        client.sync();

        page.await("llama-3-8b-chat Degraded on " + commit, d -> "Degraded".equals(page.status(CHAT, "health"))
                && page.cell(CHAT, "commit-cell").startsWith(commit));
        assertThat(page.cell(CHAT, "name")).as("the row says why").containsIgnoringCase("GPU");
        assertThat(page.script("return window.sextantNotReloaded")).as("no reload").isEqualTo(true);

        String back = fixture.push(CHAT_FILE, "replicas: 12", "replicas: 2", "search: back to 2 replicas").substring(0, 7);
        client.sync();

        page.await("llama-3-8b-chat Healthy again on " + back, d -> "Healthy".equals(page.status(CHAT, "health"))
                && page.cell(CHAT, "commit-cell").startsWith(back));
        page.await("the source card on the new commit", d -> page.text(".synced-commit").contains(back));
        assertThat(page.script("return window.sextantNotReloaded")).isEqualTo(true);
    }

    @Test
    @Order(3)
    void tableFiltersByNamespaceStatusAndName() {
        page.select("filter-namespace", "search");
        page.await("the four search resources", d -> page.rowNames().size() == 4);
        assertThat(page.rowNames()).containsExactlyInAnyOrder("chat", "llama-3-8b-chat", "llama-3-8b-chat-v2", "sql-lora");
        assertThat(page.hash()).contains("namespace=search");

        page.type("filter-q", "v2");
        page.await("only the canary", d -> page.rowNames().equals(List.of("llama-3-8b-chat-v2")));

        page.type("filter-q", "no-such-model");
        page.await("an empty result that says so", d -> page.text("#resource-rows").contains("No resources match"));

        page.click("#filter-clear");
        page.await("every resource again", d -> page.rowNames().size() == 7);
        page.select("filter-status", "Degraded");
        page.await("no Degraded resource now", d -> page.rowNames().isEmpty());
        page.select("filter-status", "Synced");
        page.await("seven Synced resources", d -> page.rowNames().size() == 7);
        page.click("#filter-clear");
    }

    @Test
    @Order(4)
    void resourcePageShowsDiffConditionsHistoryAndFollowsDriftLive() throws Exception {
        page.click("#resource-rows tr[data-key='" + CHAT + "'] td.name a");
        page.await("the resource page", d -> page.hash().equals("#/resources/" + CHAT) && page.count("#resource-detail") == 1);

        assertThat(page.text("#desired")).contains("\"replicas\": 2", "H100-80GB");
        // Shown from the kind's definition (GET /api/v1/kinds and the item's summary), not from its name.
        assertThat(page.text("#resource-summary")).isEqualTo("vllm, 2 replicas x 1 H100-80GB on sim-local");
        assertThat(page.text("#resource-detail dl")).contains("Model\nhf://meta-llama/Llama-3.1-8B-Instruct");
        assertThat(page.text("#observed")).contains("\"replicas\": 2");
        assertThat(page.text("#diff")).contains("No difference");
        assertThat(page.text("#conditions")).contains("Ready", "Synced");
        page.await("three events in the history", d -> page.count("#history li") >= 3);
        assertThat(page.text("#history")).contains("create", "update", "search: back to 2 replicas",
                "search: scale llama-3-8b-chat to 12 replicas");

        DriftControl sim = (DriftControl) fixture.engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
        sim.setField(new ResourceKey(ModelDeployment.KIND, "search", "llama-3-8b-chat"), "/spec/replicas", IntNode.valueOf(5));

        page.await("the drift in the diff", d -> page.text("#diff").contains("/spec/replicas"));
        assertThat(page.text("#diff").toLowerCase()).contains("path\tchange\tlive\tgit", "/spec/replicas\treplace\t5\t2");
        assertThat(page.count("#observed .line.changed")).as("the changed line is marked").isPositive();
        page.await("drift-detected in the history", d -> page.text("#history").contains("drift-detected"));
        page.screenshot("dashboard-resource-drift");
        assertThat(page.text(".title-badges")).contains("OutOfSync");

        client.sync();
        page.await("healed by the sync", d -> page.text("#diff").contains("No difference"));
        page.await("drift-corrected in the history", d -> page.text("#history").contains("drift-corrected"));
    }

    @Test
    @Order(5)
    void auditTimelineIsNewestFirstAndFiltersByActionCommitAndResource() throws IOException {
        page.click("a[data-nav='audit']");
        page.await("the timeline", d -> page.count("#timeline li") >= 10);
        List<Long> ids = page.attributes("#timeline li", "data-id").stream().map(Long::parseLong).toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        page.await("the verified hash chain", d -> page.text("#chain").contains("Hash chain verified"));
        page.screenshot("dashboard-audit");

        page.select("filter-action", "update");
        page.await("only updates", d -> page.count("#timeline li") > 0
                && page.attributes("#timeline li", "data-action").stream().allMatch("update"::equals));

        String scale = GitCli.git(fixture.work, "rev-parse", "HEAD~1").trim();
        page.type("filter-commit", scale.substring(0, 8));
        page.await("only the scale-up commit", d -> page.count("#timeline li") == 1
                && page.text("#timeline").contains("scale llama-3-8b-chat to 12 replicas"));

        page.type("filter-commit", "");
        page.select("filter-action", "All actions");
        page.select("filter-resource", "ModelDeployment/ranking/bge-reranker");
        page.await("only the reranker's events", d -> page.count("#timeline li") > 0
                && page.count("#timeline li") == page.count("#timeline li a[href='#/resources/ModelDeployment/ranking/bge-reranker']"));
    }

    @Test
    @Order(6)
    void syncNowAsksForTheAdminTokenAndSaysClearlyWhenItIsWrong() {
        page.open("#/");
        page.await("the fleet", d -> page.rowNames().size() == 7);

        page.one("#sync-now").click();
        page.await("the token dialog", d -> page.one("#token-dialog").isDisplayed());
        page.type("token-input", "not-the-token");
        page.one("#token-submit").click();
        page.await("a 401 message", d -> page.one("#token-error").isDisplayed());
        assertThat(page.text("#token-error")).contains("401", "rejected");
        assertThat(page.script("return sessionStorage.getItem('sextant.token')")).isNull();

        page.type("token-input", DashboardFixture.ADMIN_TOKEN);
        page.one("#token-submit").click();
        page.await("the sync accepted", d -> page.text("#toasts").contains("Sync requested for fleet"));
        assertThat(page.one("#token-dialog").isDisplayed()).isFalse();
        assertThat(page.script("return document.cookie")).as("no cookies, so no CSRF").isEqualTo("");

        page.await("the message to go", d -> page.count("#toasts .toast") == 0);
        page.one("#sync-now").click(); // the token is remembered for this tab
        page.await("a second sync without asking", d -> page.text("#toasts").contains("Sync requested for fleet"));
        assertThat(page.one("#token-dialog").isDisplayed()).isFalse();
    }

    @Test
    @Order(7)
    void commitAndPullRequestLinksPointAtTheGitHost() {
        // This source is served over plain http, so its commits are not linked; the page's own link
        // builder is exercised here with the prefixes GET /api/v1/overview gives for a GitHub source.
        assertThat(page.count("#resource-rows a[href^='http']")).isZero();
        Object hrefs = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/format.js').then((f) => {
                  const links = {commitPrefix: 'https://github.com/acme/fleet/commit/',
                                 pullRequestPrefix: 'https://github.com/acme/fleet/pull/'};
                  const id = 'a'.repeat(40);
                  done([f.commitId(links, id).href, f.commitId(links, id).textContent, f.pullRequest(links, 17).href,
                        f.commitId({commitPrefix: 'javascript:alert(1)//'}, id).tagName]);
                });""");
        assertThat(hrefs).asList().containsExactly("https://github.com/acme/fleet/commit/" + "a".repeat(40), "aaaaaaa",
                "https://github.com/acme/fleet/pull/17", "SPAN");
    }

    @Test
    @Order(8)
    void pageRanWithoutScriptErrorsOrPolicyViolations() {
        List<String> severe = fixture.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("/api/v1/sync") || !m.contains("401")) // the wrong token, on purpose
                .toList();
        assertThat(severe).isEmpty();
    }
}
