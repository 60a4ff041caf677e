package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SextantProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who may do what, request by request, with and without a read token. */
class AccessFilterTest {

    static final String ADMIN = "admin-secret-0123";
    static final String READ = "read-secret-4567";

    @TempDir
    Path dataDir;

    AccessFilter filter(String readToken) {
        SextantProperties properties = Settings.api(dataDir, ADMIN, null, readToken, null);
        AdminToken admin = new AdminToken(properties, Map.<String, String>of()::get);
        return new AccessFilter(admin, new ReadToken(properties, admin, Map.<String, String>of()::get));
    }

    /** The status the filter answers with, or 200 when it lets the request through. */
    static MockHttpServletResponse call(AccessFilter filter, String method, String uri, String token) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        int query = uri.indexOf('?');
        if (query >= 0) {
            request.setRequestURI(uri.substring(0, query));
            request.setQueryString(uri.substring(query + 1));
        }
        if (token != null) {
            request.addHeader("Authorization", token.contains(" ") ? token : "Bearer " + token);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(200);
        }
        return response;
    }

    @ParameterizedTest(name = "read token set: {0} {1} as {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "POST, /api/v1/sync, -, 401",
            "POST, /api/v1/sync, read-secret-4567, 403",
            "POST, /api/v1/sync, wrong, 401",
            "POST, /api/v1/sync, admin-secret-0123, 200",
            "POST, /api/v1/sync, 'Basic YWRtaW46YWRtaW4=', 401",
            "DELETE, /api/v1/resources/ModelDeployment/a/b, read-secret-4567, 403",
            "PUT, /anything/outside/the/api, -, 401",
            "GET, /api/v1/resources, -, 401",
            "GET, /api/v1/resources, wrong, 401",
            "GET, /api/v1/resources, read-secret-4567, 200",
            "GET, /api/v1/resources, admin-secret-0123, 200",
            "GET, /api/v1/events, -, 401",
            "GET, /actuator/prometheus, -, 401",
            "GET, /actuator/prometheus, read-secret-4567, 200",
            "GET, /actuator, -, 401",
            "GET, /actuator/health, -, 200",
            "GET, /actuator/health/liveness, -, 200",
            "POST, /api/v1/webhooks/github, -, 200",
            "GET, /, -, 200",
            "GET, /app.js, -, 200",
            "OPTIONS, /api/v1/sync, -, 200"})
    void withAReadTokenOnlyTokenHoldersReadAndOnlyTheAdminWrites(String method, String uri, String token, int status)
            throws Exception {
        assertThat(call(filter(READ), method, uri, token).getStatus()).isEqualTo(status);
    }

    @ParameterizedTest(name = "no read token: {0} {1} as {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "GET, /api/v1/resources, -, 200",
            "GET, /api/v1/sources, wrong, 200",
            "GET, /actuator/prometheus, -, 200",
            "POST, /api/v1/sync, -, 401",
            "POST, /api/v1/sync, wrong, 401",
            "POST, /api/v1/sync?source=fleet, admin-secret-0123, 200",
            "PATCH, /api/v1/sync, -, 401",
            "POST, /api/v1/webhooks/gitlab, -, 200"})
    void withoutAReadTokenReadsAreOpenAndWritesStillNeedTheAdminToken(String method, String uri, String token,
                                                                    int status) throws Exception {
        assertThat(call(filter(null), method, uri, token).getStatus()).isEqualTo(status);
    }

    @Test
    void refusalsAreProblemDocumentsThatSayWhatToSend() throws Exception {
        MockHttpServletResponse anonymous = call(filter(READ), "POST", "/api/v1/sync", null);
        assertThat(anonymous.getContentType()).startsWith("application/problem+json");
        assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"sextant\"");
        JsonNode problem = JsonMapper.builder().build().readTree(anonymous.getContentAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asString()).contains("Authorization: Bearer <admin token>");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/sync");

        MockHttpServletResponse reader = call(filter(READ), "POST", "/api/v1/sync", READ);
        assertThat(reader.getContentType()).startsWith("application/problem+json");
        assertThat(reader.getContentAsString()).contains("\"status\":403", "read token cannot change state");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/v1/resources?access_token=admin-secret-0123",
            "/api/v1/resources?token=anything",
            "/api/v1/audit?limit=5&API_KEY=x",
            "/api/v1/audit?name=read-secret-4567",
            "/api/v1/audit?name=admin-secret-0123",
            "/api/v1/audit?name=admin%2Dsecret%2D0123",
            "/actuator/health?password=x"})
    void credentialsInTheQueryStringAreRefusedWithoutEchoingThem(String uri) throws Exception {
        MockHttpServletResponse response = call(filter(READ), "GET", uri, ADMIN);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("Authorization: Bearer")
                .doesNotContain(ADMIN).doesNotContain(READ);
    }

    @Test
    void ordinaryQueryParametersPass() throws Exception {
        assertThat(call(filter(READ), "GET", "/api/v1/audit?commit=abc&kind=ModelDeployment&limit=5", READ)
                .getStatus()).isEqualTo(200);
    }
}
