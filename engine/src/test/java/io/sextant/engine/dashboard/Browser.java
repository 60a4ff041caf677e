package io.sextant.engine.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the dashboard tests (DESIGN.md section 9). Both paths are named so
 * Selenium never tries to download a driver. Without Chromium the tests are skipped with a visible
 * reason, unless {@code -Dsextant.browser.required=true} (as in {@code .ci/run}) makes that a failure.
 */
public final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String REQUIRED = "sextant.browser.required";

    private Browser() {
    }

    /** Skips the calling test class, or fails it when browsers are required, unless both programs exist. */
    public static void assumeInstalled() {
        check(List.of(CHROMIUM, DRIVER), Boolean.getBoolean(REQUIRED));
    }

    static void check(List<Path> programs, boolean required) {
        List<Path> missing = programs.stream().filter(p -> !Files.isExecutable(p)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String reason = "browser tests need Chromium and its WebDriver (missing " + missing
                + "): install the Debian packages with 'apt-get install -y chromium chromium-driver'";
        if (required) {
            throw new AssertionError(reason + "; " + REQUIRED + "=true does not allow skipping them");
        }
        Assumptions.abort(reason);
    }

    public static ChromeDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--lang=en-US");
        // The browser console, so a test can prove the page ran without script or policy errors.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
