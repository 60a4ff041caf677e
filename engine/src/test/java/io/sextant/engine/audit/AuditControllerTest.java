package io.sextant.engine.audit;

import static io.sextant.engine.audit.AuditFixtures.JSON;
import static io.sextant.engine.audit.AuditFixtures.commitId;
import static io.sextant.engine.audit.AuditFixtures.entry;
import static io.sextant.engine.audit.AuditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The audit endpoints as served by Spring MVC with the application's Jackson configuration, plus a
 * global setting that leaves nulls out: served events must keep them, or they would no longer verify.
 *
 * <p>The context holds only this controller and a real store, not the application's other web
 * components (e.g. the admin-token filter), so this slice tests the audit endpoints alone.
 */
@WebMvcTest(properties = "spring.jackson.default-property-inclusion=non_null")
@ContextConfiguration(classes = AuditControllerTest.RealStoreOnH2.class)
class AuditControllerTest {

    @Configuration
    @Import(AuditController.class)
    static class RealStoreOnH2 {
        @Bean
        DataSource auditDataSource() {
            return AuditFixtures.migratedH2();
        }

        @Bean
        AuditStore auditStore(DataSource auditDataSource) {
            return new JdbcAuditStore(auditDataSource);
        }
    }

    @Autowired MockMvc mvc;
    @Autowired AuditStore store;
    @Autowired DataSource dataSource;

    @BeforeEach
    void emptyLog() {
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        sql.update("DELETE FROM audit_event");
        sql.update("UPDATE audit_chain_head SET last_id = 0, last_hash = ?", AuditHasher.GENESIS);
    }

    @Test
    void servesTheNewestHundredEventsByDefault() throws Exception {
        for (int i = 1; i <= 105; i++) {
            store.append(entry(commitId(i), "ModelDeployment", "llama", "update"));
        }

        MockHttpServletResponse response = call("/api/v1/audit");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/json");
        List<Long> ids = ids(response);
        assertThat(ids).hasSize(100).startsWith(105L, 104L).endsWith(6L);
    }

    @Test
    void filtersByQueryParametersAndTreatsBlankOnesAsAbsent() throws Exception {
        store.append(entry(commitId(1), "ModelDeployment", "llama", "create"));
        store.append(entry(commitId(1), "LoraAdapter", "sql-lora", "create"));
        store.append(entry(commitId(2), "ModelDeployment", "llama", "update"));
        store.append(entry(commitId(2), "ModelDeployment", "llama", "drift-detected"));

        assertThat(ids(call("/api/v1/audit?commit=" + commitId(1)))).containsExactly(2L, 1L);
        assertThat(ids(call("/api/v1/audit?kind=ModelDeployment&namespace=search&name=llama&limit=2")))
                .containsExactly(4L, 3L);
        assertThat(ids(call("/api/v1/audit?action=drift-detected"))).containsExactly(4L);
        assertThat(ids(call("/api/v1/audit?commit=&kind=&limit=10000"))).containsExactly(4L, 3L, 2L, 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001", "lots"})
    void refusesALimitOutsideOneToTenThousandAsProblemJson(String limit) throws Exception {
        MockHttpServletResponse response = call("/api/v1/audit?limit=" + limit);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).contains("limit").contains(limit);
    }

    @Test
    void verifyReportsAValidChainWithItsLength() throws Exception {
        for (int i = 1; i <= 3; i++) {
            store.append(update(commitId(i), "llama", i + 1));
        }

        assertThat(call("/api/v1/audit/verify").getContentAsString()).isEqualTo("{\"valid\":true,\"events\":3}");
    }

    @Test
    void verifyNamesTheFirstBrokenEvent() throws Exception {
        for (int i = 1; i <= 3; i++) {
            store.append(update(commitId(i), "llama", i + 1));
        }
        new JdbcTemplate(dataSource).update("UPDATE audit_event SET outcome = 'failed' WHERE id = 2");

        assertThat(call("/api/v1/audit/verify").getContentAsString())
                .isEqualTo("{\"valid\":false,\"events\":3,\"firstBrokenId\":2}");
    }

    @Test
    void servedEventsReverifyFromTheResponseAlone() throws Exception {
        // Numbers and text whose JSON spelling varies between serialisers, to prove canonicalisation.
        String diff = "[{\"op\":\"replace\",\"path\":\"/spec/runtime/args/gpu-memory-utilization\","
                + "\"from\":0.9,\"value\":0.95},{\"op\":\"add\",\"path\":\"/spec/big\",\"value\":1e21},"
                + "{\"op\":\"add\",\"path\":\"/metadata/labels/t\",\"value\":\"Zoë \\\"q\\\" 🚀 \\u2028\"}]";
        for (int i = 1; i <= 4; i++) {
            AuditEntry e = update(commitId(i), "llama", i + 1);
            store.append(new AuditEntry(e.source(), e.commit(), "Zoë <z@example.com>", "line 1\nline 2\t✓",
                    i, List.of("grace", "ada"), e.trigger(), e.resource(), e.backend(), e.action(),
                    JSON.readTree(diff), e.outcome(), i == 2 ? "backend said: 503" : null, i));
        }

        String body = call("/api/v1/audit").getContentAsString(StandardCharsets.UTF_8);

        assertThat(AuditFixtures.firstBrokenInServedJson(body)).isNull();
        assertThat(JSON.readTree(body).get("items").get(0).get("error").isNull()).isTrue();
    }

    private MockHttpServletResponse call(String uri) throws Exception {
        return mvc.perform(get(uri)).andReturn().getResponse();
    }

    private static List<Long> ids(MockHttpServletResponse response) throws Exception {
        JsonNode items = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8)).get("items");
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asLong()).toList();
    }
}
