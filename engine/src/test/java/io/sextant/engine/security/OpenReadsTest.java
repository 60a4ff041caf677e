package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Without a read token reads are open to anyone who can reach the engine; writes still need the admin token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenReadsTest {

    static final String ADMIN = "admin-secret-0123";

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    RawHttp http;

    @BeforeAll
    void start() {
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir, "sextant.api.admin-token=" + ADMIN).run();
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
            "GET, /api/v1/resources, -, 200",
            "GET, /api/v1/sources, wrong, 200",
            "GET, /actuator/prometheus, -, 200",
            "GET, /v3/api-docs, -, 200",
            "POST, /api/v1/sync, -, 401",
            "POST, /api/v1/sync, wrong, 401",
            "POST, /api/v1/sync?source=sample, admin-secret-0123, 202",
            "PATCH, /api/v1/sync, -, 401",
            "GET, /api;x/v1/resources, -, 400",
            "GET, /%61pi/v1/resources, -, 200"})
    void readsAreOpenAndWritesNeedTheAdminToken(String method, String target, String token, int status) {
        Answer answer = http.send(method, target, token, Map.of(), method.equals("GET") ? null : "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (status == 401) {
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"sextant\"");
            assertThat(answer.body()).contains("needs 'Authorization: Bearer <admin token>'");
        }
    }
}
