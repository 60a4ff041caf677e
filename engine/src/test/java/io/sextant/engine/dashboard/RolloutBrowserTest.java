package io.sextant.engine.dashboard;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A canary rollout on the dashboard, live on a real engine with the {@code sim} backend and its real timers
 * (analysis every second): the resource page shows the step, the traffic weights and a chart per metric whose
 * points grow and whose failed measurements are marked; a tab without a token sees no buttons; an admin aborts
 * from the page, and the rollout ends ABORTED with its buttons gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutBrowserTest {

    static final String ADMIN = "rollout-admin-token";
    static final String FILE = "teams/search/llama.yaml";
    static final String PAGE = "#/resources/ModelDeployment/search/llama";

    @TempDir
    static Path root;
    GitHttpServer server;
    Path work;
    ConfigurableApplicationContext engine;
    EngineClient client;
    ChromeDriver driver;
    DashboardPage page;

    static String deployment(String revision) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: %s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                  rollout:
                    strategy: canary
                    steps:
                      - weight: 20
                      - analysis:
                          interval: 1s
                          count: 600
                          failureLimit: 500
                          metrics:
                            - {name: ttft, signal: ttft, quantile: 0.95, condition: "p95 ttft < 500ms"}
                      - weight: 50
                """.formatted(revision);
    }

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        work = GitCli.initRepo(root.resolve("work"));
        commitFile(work, FILE, deployment("v1"), "llama v1");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=" + ADMIN,
                        "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                        "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                        "sextant.sources[0].auth.username=sextant",
                        "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus[H100-80GB]=8")
                .run();
        int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        client = new EngineClient(port, ADMIN);
        client.sync();
        EngineClient.await("v1 applied", Duration.ofSeconds(30),
                () -> {
                    JsonNode llama = client.resource("ModelDeployment", "search", "llama");
                    return llama != null && "Healthy".equals(llama.at("/health").asString());
                });
        driver = Browser.start(1440, 1000);
        page = new DashboardPage(driver, "http://127.0.0.1:" + port);
    }

    @AfterAll
    void stop() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aRunningCanaryIsShownLiveAndAnAdminAbortsItFromThePage() throws Exception {
        String canary = commitFile(work, FILE, deployment("v2"), "llama v2");
        git(work, "push", "-q", "origin", "main");
        client.sync();

        page.open(PAGE);
        page.await("the analysis step", d -> page.text("#rollout-step").equals("2/3"));
        assertThat(page.text("#rollout-phase")).isEqualTo("RUNNING");
        assertThat(page.text("#rollout-weights")).contains("stable 80%").contains("canary 20%");
        assertThat(page.texts("#rollout-steps li")).containsExactly("weight 20%", "analysis ttft every 1s ×600", "weight 50%");
        assertThat(page.texts("#rollout-steps li[aria-current='step']")).containsExactly("analysis ttft every 1s ×600");
        page.await("a chart with measurements that grow live",
                d -> page.count("#rollout-analyses svg.metric-chart[data-metric='ttft'] circle.point") >= 3);
        assertThat(page.count("#rollout-analyses svg.metric-chart polyline.threshold")).isOne();
        assertThat(page.count("#rollout-analyses circle.failed")).as("a healthy canary").isZero();

        // The canary's time to first token breaks the SLO: failed points appear, marked, while the limit allows them.
        engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow()
                .degrade(canary, new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        page.await("failed measurements marked", d -> page.count("#rollout-analyses circle.point.failed") >= 1);
        assertThat(page.count(".rollout-actions button")).as("a tab without a token may not act").isZero();

        // The Rollouts page lists it, linked to the resource.
        page.open("#/rollouts");
        page.await("the rollouts table", d -> page.count("#rollouts tr[data-key='ModelDeployment/search/llama']"
                + "[data-phase='RUNNING']") == 1);

        // An admin's tab: Promote and Abort; Abort asks first, then traffic goes back to stable.
        page.script("sessionStorage.setItem('sextant.token', arguments[0])", ADMIN);
        page.open(PAGE);
        page.script("location.reload()");
        page.await("the buttons for an admin", d -> page.count("#rollout .abort-button") == 1
                && page.count("#rollout .promote-button") == 1);
        page.script("window.confirm = () => false");
        page.click("#rollout .abort-button");
        assertThat(page.text("#rollout-phase")).as("a cancelled confirmation changes nothing").isEqualTo("RUNNING");
        page.script("window.confirm = () => true");
        page.click("#rollout .abort-button");
        page.await("the rollout aborted", d -> page.text("#rollout-phase").equals("ABORTED"));
        page.await("traffic on stable", d -> page.text("#rollout-weights").contains("canary 0%"));
        assertThat(page.count("#rollout .abort-button, #rollout .promote-button")).isZero();
        assertThat(page.text("#rollout-message")).isNotBlank();
        assertThat(client.getJson("/api/v1/rollouts/ModelDeployment/search/llama").at("/rollout/phase").asString())
                .isEqualTo("ABORTED");
        page.screenshot("dashboard-rollout-aborted");
    }
}
