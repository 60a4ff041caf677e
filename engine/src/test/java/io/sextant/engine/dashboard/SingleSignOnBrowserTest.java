package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Signing in to the dashboard in a real Chromium through a real OpenID Connect provider (mock-oauth2-server
 * in the test JVM, which signs the person in without a login form): the page offers single sign-on when a
 * read is refused, the browser goes through the provider and back, and the page then shows the fleet live on
 * the session alone, with no token typed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleSignOnBrowserTest {

    @TempDir
    static Path dataDir;

    MockOAuth2Server provider;
    ConfigurableApplicationContext engine;
    ChromeDriver driver;
    DashboardPage page;

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        provider = new MockOAuth2Server();
        provider.start();
        Path secret = Files.writeString(dataDir.resolve("client-secret"), "s3cret");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir.resolve("engine"), "sextant.api.admin-token=admin-token-0123",
                "sextant.auth.oidc.issuer-uri=" + provider.issuerUrl("corp"),
                "sextant.auth.oidc.client-id=sextant", "sextant.auth.oidc.client-secret-file=" + secret,
                "sextant.auth.roles[0].group=sre", "sextant.auth.roles[0].role=viewer",
                "sextant.auth.roles[1].group=search-team", "sextant.auth.roles[1].role=viewer",
                "sextant.auth.roles[1].namespaces[0]=search").run();
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
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void aRefusedReadOffersSignInAndTheSignedInPageShowsTheFleetLive() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "ada", "JWT", List.of("sextant"),
                Map.of("groups", List.of("sre"), "email", "ada@example.com"), 3600));
        page.open("");
        page.await("the sign-in offer", d -> page.one("#token-dialog").isDisplayed()
                && page.one("#sign-in").isDisplayed());

        page.one("#sign-in").click();

        page.await("the fleet, read with the session", d -> page.rowNames().size() == 7);
        page.await("the live stream on the session", d -> page.text("#connection").equals("Live"));
        assertThat(page.one("#token-dialog").isDisplayed()).isFalse();
        assertThat(page.script("return sessionStorage.getItem('sextant.token')")).as("no token typed or kept").isNull();
    }

    @Test
    void aTeamMemberSeesOnlyTheTeamsFleetAndNothingOfTheOthers() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "linus", "JWT", List.of("sextant"),
                Map.of("groups", List.of("search-team"), "email", "linus@example.com"), 3600));
        driver.manage().deleteAllCookies();
        page.open("");
        page.await("the sign-in offer", d -> page.one("#sign-in").isDisplayed());

        page.one("#sign-in").click();

        page.await("the search team's fleet", d -> page.rowNames().size() == 4);
        assertThat(page.rowNames()).containsExactlyInAnyOrder("llama-3-8b-chat", "llama-3-8b-chat-v2", "sql-lora", "chat");
        page.await("the live stream on the session", d -> page.text("#connection").equals("Live"));
        String everything = (String) page.script("return document.body.innerText");
        assertThat(everything).doesNotContain("bge-large-en").doesNotContain("bge-reranker").doesNotContain("llama-3-70b");
        page.one("#sign-out-button").click();
        page.await("signed out", d -> page.one("#sign-in").isDisplayed());
    }

    @Test
    void signingOutEndsTheSessionHereAndAtTheProviderAndACrossSitePostDoesNot() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "grace", "JWT", List.of("sextant"),
                Map.of("groups", List.of("sre"), "email", "grace@example.com"), 3600));
        driver.manage().deleteAllCookies();
        page.open("");
        page.await("the sign-in offer", d -> page.one("#sign-in").isDisplayed());
        page.one("#sign-in").click();
        page.await("signed in, with a way out", d -> page.one("#sign-out").isDisplayed()
                && page.text("#signed-in-as").equals("grace@example.com"));

        String session = driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(page.base() + "/logout")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", "JSESSIONID=" + session).header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.body()).as("a cross-site post is no sign-out").doesNotContain("location");
        HttpResponse<String> stillIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(page.base() + "/api/v1/overview")).header("Cookie", "JSESSIONID=" + session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stillIn.statusCode()).isEqualTo(200);
        assertThat(stillIn.body()).contains("grace@example.com");

        page.one("#sign-out-button").click();

        page.await("back on the dashboard, asked to sign in again", d -> page.one("#token-dialog").isDisplayed()
                && page.one("#sign-in").isDisplayed());
        assertThat(page.one("#sign-out").isDisplayed()).isFalse();
        HttpResponse<String> ended = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(page.base() + "/api/v1/overview")).header("Cookie", "JSESSIONID=" + session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ended.statusCode()).as("the old session cookie no longer reads").isEqualTo(401);
    }
}
