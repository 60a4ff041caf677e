package io.sextant.engine.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.sextant.engine.notify.Channel.Delivery;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Slack incoming webhook as Slack answers it (WireMock, from Slack's documented answers): 200 {@code ok}; 400
 * {@code invalid_payload}; 404 {@code no_service} for a revoked hook; 410 {@code channel_is_archived}; 429 with
 * {@code Retry-After}; 500 {@code rollup_error}; and the network's faults.
 */
class SlackChannelTest {

    /** The path is the secret part of a Slack hook URL: it must never show in an answer. */
    private static final String HOOK = "/services/T000SECRET/B000SECRET/XXXXSECRETXXXX";

    static WireMockServer slack;
    SlackChannel channel;

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
    void reset() {
        slack.resetAll();
        channel = new SlackChannel("ops", URI.create(slack.baseUrl() + HOOK), Duration.ofSeconds(1));
    }

    private void answer(int status, String body) {
        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Test
    void postsABlockKitMessageLinkingCommitPullRequestAndDashboard() {
        answer(200, "ok");

        Delivery result = channel.send(Notifications.outgoing(Notifications.failed("llama", "backend said 503"), 3));

        assertThat(result).isInstanceOf(Delivery.Delivered.class);
        slack.verify(postRequestedFor(urlEqualTo(HOOK))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase("application/json; charset=utf-8"))
                .withHeader("X-Sextant-Delivery", equalTo("audit-7.ops"))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "Sync failed: ModelDeployment/search/llama")))
                .withRequestBody(matchingJsonPath("$.blocks[0].type", equalTo("header")))
                .withRequestBody(matchingJsonPath("$.blocks[0].text.type", equalTo("plain_text")))
                .withRequestBody(matchingJsonPath("$.blocks[1].text.type", equalTo("mrkdwn")))
                .withRequestBody(matchingJsonPath("$.blocks[2].type", equalTo("context"))));
        String body = slack.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(body).contains("<https://github.com/acme/ai-platform/commit/3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
                        + "|3f2a1b4 scale llama &lt;fast&gt; &amp; cheap>")
                .contains("<https://github.com/acme/ai-platform/pull/17|PR #17>")
                .contains("<https://sextant.example.com/#/resources/ModelDeployment/search/llama|Open in Sextant>")
                .contains("3 times").contains("backend said 503");
    }

    @Test
    void aRevokedOrArchivedHookOrABadPayloadIsRefusedForGoodWithoutQuotingTheUrl() {
        for (String[] answer : new String[][] {{"404", "no_service"}, {"404", "channel_not_found"},
                {"410", "channel_is_archived"}, {"400", "invalid_payload"}, {"403", "action_prohibited"}}) {
            answer(Integer.parseInt(answer[0]), answer[1]);

            Delivery result = channel.send(Notifications.outgoing(Notifications.failed("llama", "x"), 1));

            assertThat(result).isInstanceOfSatisfying(Delivery.Refused.class, r -> assertThat(r.reason())
                    .isEqualTo("Slack answered " + answer[0] + ": " + answer[1]).doesNotContain("SECRET"));
        }
    }

    @Test
    void rateLimitedIsRetriedAfterSlacksRetryAfter() {
        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody("rate_limited")));

        Delivery result = channel.send(Notifications.outgoing(Notifications.failed("llama", "x"), 1));

        assertThat(result).isEqualTo(new Delivery.Retry("Slack answered 429: rate_limited", Duration.ofSeconds(30)));
    }

    @Test
    void serverErrorsResetsAndTimeoutsAreRetriedWithoutQuotingTheUrl() {
        answer(500, "rollup_error");
        assertThat(channel.send(Notifications.outgoing(Notifications.failed("llama", "x"), 1)))
                .isEqualTo(new Delivery.Retry("Slack answered 500: rollup_error", null));

        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(channel.send(Notifications.outgoing(Notifications.failed("llama", "x"), 1)))
                .isInstanceOfSatisfying(Delivery.Retry.class, r -> assertThat(r.reason())
                        .startsWith("Slack: connection failed").doesNotContain("SECRET").doesNotContain("localhost"));

        slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")
                .withFixedDelay(3000)));
        assertThat(channel.send(Notifications.outgoing(Notifications.failed("llama", "x"), 1)))
                .isEqualTo(new Delivery.Retry("Slack: no answer within 1s", null));
    }
}
