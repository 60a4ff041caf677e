package io.sextant.engine.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's fixed parts. Its server is the relative URL {@code /}: springdoc would otherwise
 * build one from the request's {@code Host} (or {@code X-Forwarded-*}) header, and echo whatever a
 * caller or a poisoned cache put there into a document clients trust.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    @Bean
    OpenAPI sextantApi() {
        return new OpenAPI()
                .info(new Info().title("Sextant").description("GitOps engine for AI serving systems"))
                .servers(List.of(new Server().url("/").description("this engine")));
    }
}
