package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import io.sextant.engine.security.Spellings.Spelling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every endpoint of the HTTP API (DESIGN.md section 7), each written in every spelling a server or
 * router may read as the same path, asked with no token, the read token and the admin token, on an
 * engine whose reads need a token. No spelling may get further than the plain path: an access check
 * that decides on one reading of the path while the router uses another lets callers in without a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathSpellingTest {

    static final String ADMIN = "admin-spelling-5d1c";
    static final String READ = "read-spelling-8e2a";

    /** What an endpoint needs from a caller. */
    enum Needs { NOTHING, READ, ADMIN }

    record Endpoint(String method, String path, String query, Needs needs) {

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/resources", null, Needs.READ),
            new Endpoint("GET", "/api/v1/resources/ModelDeployment/search/llama-3-8b-chat", null, Needs.READ),
            new Endpoint("GET", "/api/v1/sources", null, Needs.READ),
            new Endpoint("POST", "/api/v1/sync", "source=sample", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/plan", "revision=HEAD", Needs.READ),
            new Endpoint("GET", "/api/v1/audit", "limit=5", Needs.READ),
            new Endpoint("GET", "/api/v1/audit/verify", null, Needs.READ),
            new Endpoint("GET", "/api/v1/events", null, Needs.READ),
            new Endpoint("GET", "/api/v1/backends", null, Needs.READ),
            new Endpoint("GET", "/api/v1/overview", null, Needs.READ),
            new Endpoint("GET", "/api/v1/notifications", "limit=5", Needs.READ),
            new Endpoint("GET", "/actuator/prometheus", null, Needs.READ),
            new Endpoint("GET", "/actuator", null, Needs.READ),
            new Endpoint("GET", "/v3/api-docs", null, Needs.READ),
            new Endpoint("GET", "/v3/api-docs.yaml", null, Needs.READ),
            new Endpoint("GET", "/actuator/health", null, Needs.NOTHING),
            new Endpoint("POST", "/api/v1/webhooks/github", null, Needs.NOTHING));

    /** The answers a caller without the right token may get: never one that did what was asked. */
    static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404);

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    RawHttp http;

    @BeforeAll
    void start() {
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir, "sextant.api.read-token=" + READ, "sextant.api.admin-token=" + ADMIN)
                .run();
        http = new RawHttp(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void noSpellingOfThePathGetsFurtherThanThePlainPath(Endpoint endpoint) {
        List<String> bypasses = new ArrayList<>();
        for (String token : Arrays.asList(null, READ, ADMIN)) {
            Answer plain = ask(endpoint, endpoint.path() + query(endpoint), token);
            for (Spelling spelling : Spellings.of(endpoint.path(), endpoint.query())) {
                Answer answer = ask(endpoint, spelling.target(), token);
                boolean entitled = entitled(endpoint.needs(), token);
                if (!entitled && !REFUSALS.contains(answer.status())
                        || success(answer) && !success(plain)) {
                    bypasses.add(endpoint.method() + " " + spelling.target() + " (" + spelling.name() + ") "
                            + who(token) + ": " + answer.status() + ", the plain path: " + plain.status());
                }
            }
        }
        assertThat(bypasses).as("spellings that got further than the plain path").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void spellingsTheRouterWouldReadDifferentlyAreRefusedWithAProblem(Endpoint endpoint) {
        List<String> wrong = new ArrayList<>();
        for (Spelling spelling : Spellings.of(endpoint.path(), endpoint.query())) {
            if (!spelling.refused()) {
                continue;
            }
            Answer answer = ask(endpoint, spelling.target(), ADMIN);
            String type = String.valueOf(answer.header("Content-Type"));
            if (answer.status() != 400 || !type.startsWith("application/problem+json")
                    || !answer.body().contains("\"status\":400") || !answer.body().contains("send the plain path")
                    || answer.body().contains("Exception")) {
                wrong.add(endpoint.method() + " " + spelling.target() + " (" + spelling.name() + "): "
                        + answer.status() + " " + type + " " + abbreviate(answer.body()));
            }
        }
        assertThat(wrong).as("spellings not refused with a 400 problem").isEmpty();
    }

    @Test
    void apiAnswersAreNeitherCachedNorSniffedWhetherGrantedOrRefused() {
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.path().equals("/api/v1/events") || endpoint.method().equals("POST")) {
                continue;
            }
            for (String token : Arrays.asList(null, READ)) {
                Answer answer = ask(endpoint, endpoint.path() + query(endpoint), token);
                assertThat(answer.header("X-Content-Type-Options")).as(endpoint + " " + who(token)).isEqualTo("nosniff");
                assertThat(answer.header("Cache-Control")).as(endpoint + " " + who(token)).isEqualTo("no-store");
                assertThat(answer.header("Set-Cookie")).as(endpoint + " " + who(token) + ": no session").isNull();
            }
        }
        Answer spelled = http.send("GET", "/%61pi/v1/resources", READ);
        assertThat(spelled.status()).isEqualTo(200);
        assertThat(spelled.header("Cache-Control")).as("an API answer however its path is spelled").isEqualTo("no-store");
        Answer refused = http.send("POST", "/api/v1/sync", READ);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theDashboardKeepsItsOwnCachingAndContentSecurityPolicy() {
        for (String page : List.of("/", "/index.html")) {
            Answer answer = http.send("GET", page, null);
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.header("Cache-Control")).as(page).isEqualTo("no-cache");
            assertThat(answer.header("Content-Security-Policy")).as(page).startsWith("default-src 'self'");
            assertThat(answer.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
        }
    }

    @Test
    void theApiDocumentNeedsTheReadTokenAndNeverNamesTheHostItWasAskedOn() {
        assertThat(http.send("GET", "/v3/api-docs", null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/v3/api-docs.yaml", null).status()).isEqualTo(401);
        Answer yaml = http.send("GET", "/v3/api-docs.yaml", READ, Map.of("Host", "attacker.example"), null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).contains("/api/v1/resources").doesNotContain("attacker.example");
        Answer docs = http.send("GET", "/v3/api-docs", READ, Map.of("Host", "attacker.example",
                "X-Forwarded-Host", "forwarded.example"), null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/resources").contains("\"servers\":[{\"url\":\"/\"")
                .doesNotContain("attacker.example").doesNotContain("forwarded.example");
    }

    Answer ask(Endpoint endpoint, String target, String token) {
        if (endpoint.path().contains("webhooks")) {
            return http.send(endpoint.method(), target, token, Map.of("Content-Type", "application/json",
                    "X-GitHub-Event", "ping", "X-GitHub-Delivery", "d-" + System.nanoTime()), "{\"zen\":\"hi\"}");
        }
        return http.send(endpoint.method(), target, token);
    }

    static boolean entitled(Needs needs, String token) {
        return switch (needs) {
            case NOTHING -> true;
            case READ -> token != null;
            case ADMIN -> ADMIN.equals(token);
        };
    }

    static boolean success(Answer answer) {
        return answer.status() < 400;
    }

    static String query(Endpoint endpoint) {
        return endpoint.query() == null ? "" : "?" + endpoint.query();
    }

    static String who(String token) {
        return token == null ? "without a token" : token.equals(READ) ? "with the read token" : "with the admin token";
    }

    static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
