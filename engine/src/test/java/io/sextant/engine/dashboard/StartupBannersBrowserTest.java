package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.api.LocalRepositories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An engine restarted without its configuration (application.yaml not where Spring Boot looks) says so on
 * every page: it runs the embedded sample fleet, and the resources of the source it lost are orphans.
 */
class StartupBannersBrowserTest {

    static final String ADMIN_TOKEN = "banner-admin-token";

    @TempDir
    Path root;

    ConfigurableApplicationContext start(String... sources) {
        return new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=" + ADMIN_TOKEN)
                .run(sources);
    }

    @Test
    void bannersSayTheSampleFleetRunsAndWhichSourceLeftResourcesBehind() throws Exception {
        Browser.assumeInstalled();
        String spec = Files.readString(Path.of("../sample-repo/teams/embeddings/bge-large-en.yaml"))
                .replace("namespace: embeddings", "namespace: orphans");
        LocalRepositories.createWithFiles(root.resolve("repo"), "main",
                Map.of("bge.yaml", spec.getBytes(StandardCharsets.UTF_8)), "one deployment");
        try (ConfigurableApplicationContext engine = start("--sextant.sources[0].name=platform",
                "--sextant.sources[0].url=" + root.resolve("repo"))) {
            EngineClient client = new EngineClient(port(engine), ADMIN_TOKEN);
            EngineClient.await("the deployment synced", Duration.ofSeconds(60),
                    () -> client.resource("ModelDeployment", "orphans", "bge-large-en") != null);
        }

        try (ConfigurableApplicationContext engine = start()) {
            ChromeDriver driver = Browser.start(1280, 900);
            try {
                DashboardPage page = new DashboardPage(driver, "http://127.0.0.1:" + port(engine));
                page.open("");
                page.await("the banners", d -> !page.all("#engine-notice:not([hidden])").isEmpty()
                        && !page.all("#orphans-notice:not([hidden])").isEmpty());
                assertThat(page.text("#engine-notice"))
                        .isEqualTo("Running the embedded sample fleet (no sextant configuration given)");
                assertThat(page.text("#orphans-notice")).startsWith(
                        "1 resource belongs to sources no longer configured (platform): their live state is left as it is");
                page.screenshot("dashboard-startup-banners");
            } finally {
                driver.quit();
            }
        }
    }

    static int port(ConfigurableApplicationContext engine) {
        return Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
    }
}
