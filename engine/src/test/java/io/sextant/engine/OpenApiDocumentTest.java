package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The engine serves an OpenAPI document of its HTTP API at {@code /v3/api-docs}. */
class OpenApiDocumentTest {

    @TempDir
    Path dataDir;

    @Test
    void describesTheContractEndpoints() {
        try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir).run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), null);

            JsonNode document = client.getJson("/v3/api-docs");

            assertThat(document.get("openapi").asString()).startsWith("3.");
            assertThat(document.get("paths").propertyNames()).contains("/api/v1/resources",
                    "/api/v1/resources/{kind}/{namespace}/{name}", "/api/v1/sources", "/api/v1/sync", "/api/v1/plan",
                    "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/orphans");
        }
    }
}
