package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Requests so malformed that the HTTP server refuses them before the engine's own code runs (a broken
 * request line, characters a path may not hold, bad percent-encoding, headers too large) still get an
 * {@code application/problem+json} answer (DESIGN.md section 7) that names neither the server nor its
 * version and holds no stack trace: the container's HTML error page would tell an attacker which
 * Tomcat, and which of its bugs, to try.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerErrorsTest {

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    RawHttp http;

    @BeforeAll
    void start() {
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir, "sextant.api.read-token=read-errors-1f3b").run();
        http = new RawHttp(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "raw brace in the path          | GET /api/v1/{resources} HTTP/1.1\\r\\nHost: e\\r\\n",
            "raw pipe in the path           | GET /api/v1/resources|x HTTP/1.1\\r\\nHost: e\\r\\n",
            "bad percent-encoding           | GET /api/v1/%zzresources HTTP/1.1\\r\\nHost: e\\r\\n",
            "encoded NUL                    | GET /api/v1/%00 HTTP/1.1\\r\\nHost: e\\r\\n",
            "request line with extra words  | GET /api/v1/resources HTTP/1.1 please\\r\\nHost: e\\r\\n",
            "request target not a path      | GET api/v1/resources HTTP/1.1\\r\\nHost: e\\r\\n",
            "control character in a header  | GET /api/v1/resources HTTP/1.1\\r\\nHost: e\\r\\nX-Bad: a\\u0001b\\r\\n",
            "header without a colon         | GET /api/v1/resources HTTP/1.1\\r\\nHost: e\\r\\nNoColonHere\\r\\n",
            "no Host in HTTP/1.1            | GET /api/v1/resources HTTP/1.1\\r\\n",
            "two Host headers               | GET /api/v1/resources HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n",
            "a Host that is no host         | GET /api/v1/resources HTTP/1.1\\r\\nHost: a b/c\\r\\n",
            "Content-Length not a number    | POST /api/v1/sync HTTP/1.1\\r\\nHost: e\\r\\nContent-Length: ten\\r\\n",
            "unknown transfer coding        | POST /api/v1/sync HTTP/1.1\\r\\nHost: e\\r\\nTransfer-Encoding: zip\\r\\n",
            "unsupported HTTP version       | GET /api/v1/resources HTTP/1.7\\r\\nHost: e\\r\\n",
            "oversized header               | GET /api/v1/resources HTTP/1.1\\r\\nHost: e\\r\\nX-Big: <20000 x>\\r\\n"})
    void theServersOwnRefusalsAreProblemsWithoutServerNameOrStackTrace(String name, String head) {
        String request = head.strip().replace("\\r\\n", "\r\n").replace("\\u0001", "\u0001")
                .replace("<20000 x>", "x".repeat(20_000)) + "Connection: close\r\n\r\n";

        Answer answer = http.sendRaw(request);

        assertThat(answer.status()).as(name).isBetween(400, 599);
        assertThat(answer.header("Content-Type")).as(name + ": " + answer.body()).startsWith("application/problem+json");
        assertThat(answer.body()).as(name).contains("\"status\":" + answer.status()).contains("\"detail\":\"")
                .doesNotContainIgnoringCase("tomcat").doesNotContainIgnoringCase("exception")
                .doesNotContain("<html").doesNotContain("\tat ");
        assertThat(answer.header("Server")).as(name).isNull();
        assertThat(answer.header("X-Content-Type-Options")).as(name).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).as(name).isEqualTo("no-store");
    }

    @Test
    void theDetailSaysWhatWasWrongWithTheRequest() {
        Answer answer = http.sendRaw("GET /api/v1/{resources} HTTP/1.1\r\nHost: e\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("percent-encode the path").contains("Invalid character found in the request target");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/v1/no-such-endpoint",
            "GET, /no-such-page.html",
            "POST, /api/v1/webhooks",
            "DELETE, /api/v1/resources",
            "GET, /api/v1/resources/ModelDeployment/nowhere/nothing"})
    void theEnginesOwnErrorsAreProblemsToo(String method, String path) {
        Answer answer = http.send(method, path, "read-errors-1f3b");

        assertThat(answer.status()).as(method + " " + path).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(method + " " + path + ": " + answer.body())
                .startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":" + answer.status()).doesNotContainIgnoringCase("exception");
    }
}
