package io.sextant.engine.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.sextant.engine.reconcile.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox on the engine's own H2 schema, fed by real audit appends, delivering to a Slack hook (WireMock):
 * nothing queued without its event, nothing lost while the channel is down, nothing sent twice, and a flapping
 * resource grouped into one message per window.
 */
class OutboxDeliveryTest {

    private static final String HOOK = "/services/T0/B0/secret";
    static WireMockServer slack;
    Wiring wiring;

    @BeforeAll
    static void start() {
        slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        slack.start();
    }

    @AfterAll
    static void stop() {
        slack.stop();
    }

    @BeforeEach
    void fresh() {
        slack.resetAll();
        Channel channel = new SlackChannel("ops", URI.create(slack.baseUrl() + HOOK), Duration.ofSeconds(2));
        wiring = new Wiring(TestDatabase.migrated().dataSource, Map.of("ops", channel), List.of(Wiring.everything("ops")),
                Duration.ofMinutes(10));
    }

    private void slackAnswers(int status) {
        slack.resetAll();
        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(status).withBody(status == 200 ? "ok"
                : "rollup_error")));
    }

    private static List<JsonNode> bodies(List<LoggedRequest> requests) {
        return requests.stream().map(r -> JsonMapper.builder().build().readTree(r.getBodyAsString())).toList();
    }

    @Test
    void aNotificationIsQueuedExactlyWhenItsAuditEventIsStored() {
        TransactionTemplate tx = new TransactionTemplate(wiring.transactions);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            wiring.failed("llama", "backend said 503");
            throw new IllegalStateException("crash before commit");
        })).hasMessage("crash before commit");

        assertThat(wiring.rows("")).isZero();

        wiring.failed("llama", "backend said 503");
        assertThat(wiring.rows("state = 'pending' AND delivery_key = 'audit-1.ops'")).isOne();
    }

    @Test
    void aChannelDownForHoursDeliversEveryMessageOnceWhenItIsBack() {
        slackAnswers(503);
        for (int i = 0; i < 5; i++) {
            wiring.failed("model-" + i, "backend said 503");
        }
        Dispatcher dispatcher = wiring.replica();
        for (int minute = 0; minute < 6 * 60; minute++) {
            dispatcher.dispatch();
            wiring.clock.advance(Duration.ofMinutes(1));
        }
        int attemptsDuringOutage = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(HOOK))).size();

        slackAnswers(200);
        for (int minute = 0; minute < 30; minute++) {
            dispatcher.dispatch();
            wiring.clock.advance(Duration.ofMinutes(1));
        }

        List<LoggedRequest> sent = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(HOOK)));
        assertThat(sent.stream().map(r -> r.getHeader("X-Sextant-Delivery")))
                .containsExactlyInAnyOrder("audit-1.ops", "audit-2.ops", "audit-3.ops", "audit-4.ops", "audit-5.ops");
        assertThat(wiring.rows("state = 'delivered'")).isEqualTo(5);
        // Backoff per channel: six hours of outage cost about one attempt per 10 minutes, not one per message per minute.
        assertThat(attemptsDuringOutage).isBetween(30, 60);
        assertThat(wiring.registry.get("sextant.notifications.sent").tag("channel", "ops").counter().count()).isEqualTo(5);
    }

    @Test
    void aFlappingResourceSendsOneMessagePerWindowWithACount() {
        slackAnswers(200);
        Dispatcher dispatcher = wiring.replica();
        for (int i = 0; i < 20; i++) {
            wiring.failed("flappy", "attempt " + i);
            dispatcher.dispatch();
            wiring.clock.advance(Duration.ofSeconds(90));
        }
        for (int minute = 0; minute < 20; minute++) {
            dispatcher.dispatch();
            wiring.clock.advance(Duration.ofMinutes(1));
        }

        List<JsonNode> messages = bodies(slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(HOOK))));
        // 30 minutes of failures every 90 s: the first at once, then one per 10-minute window, with the count.
        assertThat(messages).hasSizeBetween(3, 4);
        assertThat(messages.get(0).path("text").asString()).doesNotContain("times");
        assertThat(messages.get(1).path("text").asString()).containsPattern("\\(\\d+ times");
        int total = wiring.rows("") == messages.size() ? new org.springframework.jdbc.core.JdbcTemplate(
                wiring.dataSource).queryForObject("SELECT SUM(occurrences) FROM notification_outbox", Integer.class) : -1;
        assertThat(total).isEqualTo(20);
    }

    @Test
    void aRevokedHookSettlesAsFailedAndIsNotRetried() {
        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(404).withBody("no_service")));
        wiring.failed("llama", "x");
        Dispatcher dispatcher = wiring.replica();
        for (int i = 0; i < 10; i++) {
            dispatcher.dispatch();
            wiring.clock.advance(Duration.ofMinutes(30));
        }

        assertThat(slack.getAllServeEvents()).hasSize(1);
        Outbox.Row row = wiring.outbox.recent(null, null, 10).get(0);
        assertThat(row.state()).isEqualTo("failed");
        assertThat(row.lastError()).isEqualTo("Slack answered 404: no_service");
        assertThat(wiring.registry.get("sextant.notifications.failed").tag("channel", "ops").tag("result", "refused")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void rulesSendOnlyWhatTheirSelectorsMatch() {
        slackAnswers(200);
        Channel channel = new SlackChannel("prod", URI.create(slack.baseUrl() + HOOK), Duration.ofSeconds(2));
        var prodFailures = new NotificationProperties.RuleProperties("prod", List.of("prod"), List.of("sync.failed"),
                List.of("platform"), List.of("search"), List.of("ModelDeployment"), List.of(), List.of("sim-local"),
                Map.of("tier", "prod"));
        wiring = new Wiring(TestDatabase.migrated().dataSource, Map.of("prod", channel), List.of(prodFailures),
                Duration.ofMinutes(10));

        wiring.failed("prod-llama", "x");
        wiring.failed("dev-llama", "x");

        assertThat(wiring.outbox.recent(null, null, 10)).singleElement().satisfies(row -> {
            assertThat(row.deliveryKey()).isEqualTo("audit-1.prod");
            assertThat(row.payload()).contains("prod-llama")
                    .contains("https://github.com/acme/ai-platform/commit/3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c")
                    .contains("https://github.com/acme/ai-platform/pull/17")
                    .contains("https://sextant.example.com/#/resources/ModelDeployment/search/prod-llama");
        });
        assertThat(slack.getAllServeEvents().stream().collect(Collectors.toList())).isEmpty();
    }

    @Test
    void aRowHeldByAReplicaThatDiedIsSentByAnotherOnceItsLeaseRunsOut() {
        slackAnswers(200);
        wiring.failed("llama", "x");
        assertThat(wiring.outbox.claim("replica-that-dies", wiring.clock.instant(), Duration.ofMinutes(2), 10)).hasSize(1);
        Dispatcher survivor = wiring.replica();

        survivor.dispatch();
        wiring.clock.advance(Duration.ofSeconds(90));
        survivor.dispatch();
        assertThat(slack.getAllServeEvents()).as("not while the lease holds").isEmpty();

        wiring.clock.advance(Duration.ofMinutes(1));
        survivor.dispatch();
        assertThat(slack.getAllServeEvents()).singleElement()
                .satisfies(e -> assertThat(e.getRequest().getHeader("X-Sextant-Delivery")).isEqualTo("audit-1.ops"));
        assertThat(wiring.rows("state = 'delivered'")).isOne();
    }

    @Test
    void settledRowsAreDeletedAfterTheRetentionAndPendingOnesKept() {
        slackAnswers(200);
        wiring.failed("llama", "x");
        wiring.replica().dispatch();
        slackAnswers(503);
        wiring.failed("mistral", "x");
        wiring.replica().dispatch();

        wiring.clock.advance(Duration.ofDays(8));
        assertThat(wiring.outbox.purge(wiring.clock.instant().minus(Duration.ofDays(7)))).isOne();

        assertThat(wiring.outbox.recent(null, null, 10)).singleElement()
                .satisfies(row -> assertThat(row.state()).isEqualTo("pending"));
    }
}
