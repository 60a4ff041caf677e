package io.sextant.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.cli.SextantCli;
import io.sextant.engine.dashboard.Browser;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The example plugin from a clean checkout to the dashboard: {@code examples/plugins/model-cache} built
 * offline with the Maven wrapper, its jar dropped into a real engine's plugins directory, and a
 * {@code ModelCache} spec validated, planned, applied onto {@code sim}, audited and listed, while the
 * engine's own sources never name the kind. One build and one engine for the class; the steps build on
 * each other as a user's session does, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelCachePluginTest {

    static final String CACHE = """
            apiVersion: sextant.io/v1alpha1
            kind: ModelCache
            metadata: {name: %s, namespace: search}
            spec:
              backend: sim-local
              model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f}
              size: %s
              nodeSelector: {sextant.io/gpu-type: H100-80GB}
            """;

    @TempDir
    static Path tmp;

    static Path jar;
    static Path pluginsDir;
    static Path fleet;
    static ConfigurableApplicationContext engine;

    @BeforeAll
    static void buildThePluginAndStartAnEngineWithIt() throws Exception {
        jar = ExamplePluginBuild.build(Files.createDirectories(tmp.resolve("build")));
        pluginsDir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, pluginsDir.resolve("model-cache.jar"));
        fleet = GitCli.initRepo(tmp.resolve("fleet"));
        GitCli.writeFile(fleet, "deploy/caches.yaml", CACHE.formatted("llama-weights", "16Gi"));
        GitCli.commitAll(fleet, "cache llama's weights on the H100 nodes");
        engine = start();
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SextantApplication.class).properties(
                "server.port=0",
                "sextant.data-dir=" + tmp.resolve("data"),
                "sextant.plugins-dir=" + pluginsDir,
                "sextant.api.admin-token=test-admin-token",
                "sextant.sources[0].name=fleet",
                "sextant.sources[0].url=" + fleet,
                "sextant.sources[0].paths[0]=deploy/",
                "sextant.sources[0].poll-interval=1h",
                "sextant.backends[0].name=sim-local",
                "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=16",
                "sextant.backends[0].disk-per-node=100Gi",
                "sextant.backends[0].pull-rate=8Gi").run();
    }

    @AfterAll
    static void stopTheEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    static EngineClient client() {
        return new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")),
                "test-admin-token");
    }

    /** {@code java -jar sextant.jar ARGS}, in-process: exit code, stdout, stderr. */
    static String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SextantCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    @Order(1)
    void theEngineLoadsTheExamplePluginAndItsKind() {
        LoadedPlugins plugins = engine.getBean(LoadedPlugins.class);

        assertThat(plugins.describe()).containsExactly(
                "plugin model-cache (plugin API 1) from " + pluginsDir.toAbsolutePath().resolve("model-cache.jar")
                        + ": 1 kind",
                "kind ModelCache [sextant.io/v1alpha1] from plugin model-cache");
    }

    @Test
    @Order(2)
    void validateWithThePluginsDirectoryChecksTheKindAndNamesFileLineAndField() throws IOException {
        assertThat(cli("validate", "--plugins-dir", pluginsDir.toString(), fleet.toString()))
                .containsExactly("0", "", "sextant validate: 1 file, 1 resource: valid"
                        + " (backend, policy and quota checks skipped: no --config)" + System.lineSeparator());

        Path broken = Files.createDirectories(tmp.resolve("broken/deploy"));
        Files.writeString(broken.resolve("caches.yaml"), CACHE.formatted("llama-weights", "lots"));
        String[] run = cli("validate", "--plugins-dir", pluginsDir.toString(), broken.getParent().toString());
        assertThat(run[0]).isEqualTo("1");
        assertThat(run[1]).startsWith("deploy/caches.yaml:7: spec.size: must be a size such as 16Gi, 500G or 1.5Ti");

        String[] withoutPlugins = cli("validate", fleet.toString());
        assertThat(withoutPlugins[0]).as("the kind comes from the plugin alone").isEqualTo("1");
        assertThat(withoutPlugins[1]).contains("deploy/caches.yaml:2: kind: unknown kind 'ModelCache'");
    }

    @Test
    @Order(3)
    void theCacheIsAppliedOnSimAndPullsUntilHealthy() {
        EngineClient.await("the start-up sync to apply the cache", Duration.ofSeconds(30), () -> {
            JsonNode item = client().resource("ModelCache", "search", "llama-weights");
            return item != null && item.get("sync").asString().equals("Synced");
        });
        JsonNode first = client().resource("ModelCache", "search", "llama-weights");
        assertThat(first.get("backend").asString()).isEqualTo("sim-local");
        assertThat(first.get("sync").asString()).isEqualTo("Synced");
        assertThat(first.get("operation").asString()).isEqualTo("Succeeded");
        assertThat(first.get("health").asString() + ": " + first.get("message").asString())
                .matches("(Progressing: pulling: \\d+% of 16Gi on 2 nodes|Healthy: cached: 16Gi on 2 nodes)");

        // 16Gi at 8Gi a second: pulled after two seconds; a manual sync observes it again.
        EngineClient.await("the cache Healthy", Duration.ofSeconds(30), () -> {
            client().sync();
            JsonNode now = client().resource("ModelCache", "search", "llama-weights");
            return now.get("health").asString().equals("Healthy");
        });
        assertThat(client().resource("ModelCache", "search", "llama-weights").get("message").asString())
                .isEqualTo("cached: 16Gi on 2 nodes");
    }

    @Test
    @Order(4)
    void theChangeIsAuditedWithItsKind() {
        JsonNode events = client().getJson("/api/v1/audit?kind=ModelCache").get("items");

        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("resource").get("kind").asString()).isEqualTo("ModelCache");
        assertThat(event.get("resource").get("name").asString()).isEqualTo("llama-weights");
        assertThat(event.get("action").asString()).isEqualTo("create");
        assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(event.get("backend").asString()).isEqualTo("sim-local");
        assertThat(client().getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void aCacheThatDoesNotFitIsPlannedThenDegradedWithTheNumbers() throws InterruptedException {
        GitCli.writeFile(fleet, "deploy/big.yaml", CACHE.formatted("llama-70b-weights", "90Gi"));
        GitCli.commitAll(fleet, "cache the 70B too");

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + GitCli.head(fleet));
        assertThat(plan.get("changes").asInt()).isEqualTo(1);
        JsonNode step = plan.get("steps").get(0);
        assertThat(step.get("action").asString()).isEqualTo("create");
        assertThat(step.get("resource").get("kind").asString()).isEqualTo("ModelCache");
        assertThat(step.get("resource").get("name").asString()).isEqualTo("llama-70b-weights");

        client().sync();
        assertThat(engine.getBean(Reconciler.class).awaitIdle(30_000)).as("the sync finished").isTrue();
        JsonNode big = client().resource("ModelCache", "search", "llama-70b-weights");
        assertThat(big.get("health").asString()).isEqualTo("Degraded");
        assertThat(big.get("message").asString()).isEqualTo("does not fit: needs 90Gi on each of 2 nodes"
                + " {sextant.io/gpu-type=H100-80GB}; sim-local-h100-80gb-0 has 84Gi free of 100Gi,"
                + " sim-local-h100-80gb-1 has 84Gi free of 100Gi");
    }

    @Test
    @Order(6)
    void theDashboardShowsTheCacheInItsResourceTable() {
        Browser.assumeInstalled();
        ChromeDriver driver = Browser.start(1440, 1000);
        try {
            driver.get("http://127.0.0.1:" + engine.getEnvironment().getProperty("local.server.port") + "/");
            String row = "#resource-rows tr[data-key='ModelCache/search/llama-weights']";
            // The text is read in the same wait that finds it: the table re-renders live, so a row found
            // once can be replaced before a second read.
            String shown = new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(By.cssSelector(row)).stream().findFirst().map(WebElement::getText)
                            .filter(text -> text.contains("Healthy")).orElse(null));
            assertThat(shown).contains("llama-weights", "sim-local", "Synced", "Healthy");
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(7)
    void aRestartFindsTheCachesWhereTheyWereAndChangesNothing() throws InterruptedException {
        int events = client().getJson("/api/v1/audit?kind=ModelCache").get("items").size();
        engine.close();

        engine = start();
        Reconciler reconciler = engine.getBean(Reconciler.class);
        assertThat(reconciler.awaitIdle(60_000)).as("the start-up sync finished").isTrue();
        client().sync(); // observes every resource again
        assertThat(reconciler.awaitIdle(30_000)).as("the manual sync finished").isTrue();

        assertThat(client().resource("ModelCache", "search", "llama-weights").get("health").asString()).isEqualTo("Healthy");
        assertThat(client().resource("ModelCache", "search", "llama-weights").get("sync").asString()).isEqualTo("Synced");
        assertThat(client().resource("ModelCache", "search", "llama-70b-weights").get("health").asString())
                .isEqualTo("Degraded");
        assertThat(client().getJson("/api/v1/audit?kind=ModelCache").get("items")).as("no event: nothing changed")
                .hasSize(events);
    }

    @Test
    @Order(8)
    void noFileOfSpecEngineOrAppliersNamesTheKind() throws IOException {
        List<Path> naming;
        try (Stream<Path> files = Stream.of("spec", "engine", "appliers")
                .flatMap(module -> walk(ExamplePluginBuild.ROOT.resolve(module).resolve("src/main")))) {
            naming = files.filter(f -> read(f).contains("ModelCache")).toList();
        }
        assertThat(naming).as("production sources naming ModelCache").isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
