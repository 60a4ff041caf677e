package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, request by request, on an engine whose reads need a token. "passes" means the
 * security chain let the request through to the endpoint, whatever the endpoint then answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesTest {

    static final String ADMIN = "admin-secret-0123";
    static final String READ = "read-secret-4567";

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

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "POST, /api/v1/sync?source=nope, -, 401",
            "POST, /api/v1/sync?source=nope, read-secret-4567, 403",
            "POST, /api/v1/sync?source=nope, wrong, 401",
            "POST, /api/v1/sync?source=nope, admin-secret-0123, passes",
            "POST, /api/v1/sync?source=nope, 'Basic YWRtaW46YWRtaW4=', 401",
            "DELETE, /api/v1/resources/ModelDeployment/a/b, read-secret-4567, 403",
            "DELETE, /api/v1/resources/ModelDeployment/a/b, admin-secret-0123, passes",
            "PUT, /anything/outside/the/api, -, 401",
            "GET, /api/v1/resources, -, 401",
            "GET, /api/v1/resources, wrong, 401",
            "GET, /api/v1/resources, read-secret-4567, passes",
            "GET, /api/v1/resources, admin-secret-0123, passes",
            "HEAD, /api/v1/resources, -, 401",
            "GET, /api/v1/events, -, 401",
            "GET, /api/v1/nope, -, 401",
            "GET, /api, -, 401",
            "GET, /actuator/prometheus, -, 401",
            "GET, /actuator/prometheus, read-secret-4567, passes",
            "GET, /actuator, -, 401",
            "GET, /v3/api-docs, -, 401",
            "GET, /v3/api-docs, read-secret-4567, passes",
            "GET, /actuator/health, -, passes",
            "GET, /actuator/health, wrong, passes",
            "GET, /actuator/health/liveness, -, passes",
            "POST, /api/v1/webhooks/github, -, passes",
            "GET, /, -, passes",
            "GET, /index.html, wrong, passes",
            "OPTIONS, /api/v1/sync, -, passes"})
    void onlyTokenHoldersReadAndOnlyTheAdminWrites(String method, String target, String token, String expected) {
        Answer answer = send(method, target, token);
        if (expected.equals("passes")) {
            assertThat(refusedBySecurity(answer)).as(answer.status() + " " + answer.body()).isFalse();
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(Integer.parseInt(expected));
            assertThat(refusedBySecurity(answer)).as(answer.body()).isTrue();
        }
    }

    @Test
    void refusalsAreProblemDocumentsThatSayWhatToSend() {
        Answer anonymous = send("POST", "/api/v1/sync", null);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"sextant\"");
        JsonNode problem = json(anonymous);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asString()).contains("Authorization: Bearer <admin token>");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/sync");

        assertThat(json(send("GET", "/api/v1/sources", "wrong")).get("detail").asString())
                .contains("read token (sextant.api.read-token)", "the bearer token presented is not accepted");
        assertThat(json(send("GET", "/api/v1/sources", "Basic YWRtaW46YWRtaW4=")).get("detail").asString())
                .contains("not a bearer token");

        Answer reader = send("POST", "/api/v1/sync", READ);
        assertThat(reader.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reader.body()).contains("\"status\":403", "read token cannot change state");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/v1/resources?access_token=admin-secret-0123",
            "/api/v1/resources?token=anything",
            "/api/v1/audit?limit=5&API_KEY=x",
            "/api/v1/audit?name=read-secret-4567",
            "/api/v1/audit?name=admin-secret-0123",
            "/api/v1/audit?name=admin%2Dsecret%2D0123",
            "/actuator/health?password=x",
            "/?token=x"})
    void credentialsInTheQueryStringAreRefusedWithoutEchoingThem(String target) {
        Answer answer = send("GET", target, ADMIN);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("Authorization: Bearer", "Credentials in query string")
                .doesNotContain(ADMIN).doesNotContain(READ);
    }

    @Test
    void ordinaryQueryParametersPass() {
        assertThat(send("GET", "/api/v1/audit?commit=abc&kind=ModelDeployment&limit=5", READ).status()).isEqualTo(200);
    }

    @Test
    void noSessionCookieAndNoBasicChallengeAnywhere() {
        for (String target : new String[] {"/", "/api/v1/resources", "/api/v1/sync"}) {
            Answer answer = send(target.endsWith("sync") ? "POST" : "GET", target, null);
            assertThat(answer.header("Set-Cookie")).as(target).isNull();
            assertThat(String.valueOf(answer.header("WWW-Authenticate"))).as(target).doesNotContain("Basic");
        }
        assertThat(send("GET", "/login", null).status()).as("no login page").isEqualTo(404);
    }

    Answer send(String method, String target, String token) {
        Map<String, String> headers = token != null && token.contains(" ") ? Map.of("Authorization", token) : Map.of();
        String bearer = token != null && !token.contains(" ") ? token : null;
        if (target.contains("webhooks")) {
            return http.send(method, target, bearer, Map.of("Content-Type", "application/json",
                    "X-GitHub-Event", "ping", "X-GitHub-Delivery", "d-" + System.nanoTime()), "{}");
        }
        return http.send(method, target, bearer, headers, method.equals("GET") ? null : "");
    }

    /** A refusal of the access rules: a problem with a status of 401 or 403, or a bearer challenge. */
    static boolean refusedBySecurity(Answer answer) {
        String challenge = answer.header("WWW-Authenticate");
        return answer.status() == 403 && answer.body().contains("read token cannot change state")
                || answer.status() == 401 && challenge != null && challenge.startsWith("Bearer");
    }

    static JsonNode json(Answer answer) {
        return JsonMapper.builder().build().readTree(answer.body().substring(answer.body().indexOf('{'),
                answer.body().lastIndexOf('}') + 1));
    }
}
