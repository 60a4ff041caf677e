package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Forged, unsigned, replayed, oversized and excess deliveries change nothing, with a clear status. */
@ExtendWith(OutputCaptureExtension.class)
class RefusedWebhookEngineTest extends WebhookEngineTestBase {

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void spoofedDeliveriesAllGetTheSameAnswerChangeNothingAndAreNotLoggedOneEach(CapturedOutput output)
            throws Exception {
        awaitIdle();
        String applied = appliedRevision();
        int events = auditEvents();
        String commit = pushReplicaChange("ranking: pushed, announced only by forgers");
        byte[] body = Payloads.gitHubPush(fleetUrl(), "refs/heads/main", commit);
        String forged = Payloads.gitHubSignature("guessed-secret", body);
        String sha1 = "sha1=" + Payloads.gitHubSignature(SECRET, body).substring("sha256=".length());
        byte[] quiet = Payloads.gitHubPush(SERVER.url("quiet"), "refs/heads/main", "0".repeat(40));
        byte[] nobody = Payloads.gitHubPush(SERVER.url("nobody"), "refs/heads/main", "0".repeat(40));

        List<HttpResponse<String>> spoofed = List.of(
                deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-1"),
                deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-2",
                        "X-Hub-Signature-256", forged),
                deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-3",
                        "X-Hub-Signature", sha1, "X-Hub-Signature-256", sha1),
                deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-4",
                        "X-Hub-Signature-256", Payloads.gitHubSignature(BURSTY_SECRET, body)),
                deliver("github", quiet, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-5",
                        "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, quiet)),
                deliver("github", nobody, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-6"),
                deliver("github", "{not json".getBytes(StandardCharsets.UTF_8), "X-GitHub-Event", "push",
                        "X-GitHub-Delivery", "f-7"));
        awaitIdle();

        for (HttpResponse<String> response : spoofed) {
            assertProblem(response, 401);
        }
        assertThat(spoofed).as("unsigned, forged, SHA-1, another source's secret, a source without a secret, "
                + "an unwatched repository, not even JSON: one answer").extracting(HttpResponse::body)
                .containsOnly(spoofed.get(0).body());
        assertThat(appliedRevision()).isEqualTo(applied);
        assertThat(auditEvents()).isEqualTo(events);
        assertThat(output).doesNotContain("delivery f-").doesNotContain("Codertocat").doesNotContain(SECRET)
                .doesNotContain(forged.substring(7)).doesNotContain(sha1.substring(5));
        assertThat(output.getAll().lines().filter(line -> line.contains("unauthenticated deliveries refused")))
                .as("at most one line per interval").hasSizeLessThanOrEqualTo(1);
        assertThat(client().get("/actuator/prometheus").body())
                .containsPattern("sextant_webhook_deliveries_total\\{provider=\"github\",result=\"rejected\"\\} [1-9]");

        assertThat(deliverGitHubPush("f-8", "refs/heads/main", commit, SECRET).statusCode()).isEqualTo(202);
        awaitApplied(commit);
    }

    @Test
    void aSourcesOwnEndpointTakesItsSecretOnly() throws Exception {
        awaitIdle();
        String commit = pushReplicaChange("ranking: announced to the fleet's own endpoint");
        byte[] body = Payloads.gitHubPush(fleetUrl(), "refs/heads/main", commit);
        String signature = Payloads.gitHubSignature(SECRET, body);

        HttpResponse<String> elsewhere = deliver("github/bursty", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "own-1", "X-Hub-Signature-256", signature);
        HttpResponse<String> unknown = deliver("github/nosuch", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "own-2", "X-Hub-Signature-256", signature);
        HttpResponse<String> own = deliver("github/fleet", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "own-3", "X-Hub-Signature-256", signature);

        assertProblem(elsewhere, 401);
        assertProblem(unknown, 401);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
        assertThat(own.body()).isEqualTo("{\"accepted\":[\"fleet\"]}");
        awaitApplied(commit);
    }

    @Test
    void aSourceWithoutASecretRefusesWebhooksOnItsOwnPathWith403SayingWhatToConfigure() throws Exception {
        byte[] body = Payloads.gitHubPush(SERVER.url("quiet"), "refs/heads/main", "0".repeat(40));

        HttpResponse<String> unsigned = deliver("github/quiet", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "quiet-1");
        HttpResponse<String> signed = deliver("github/quiet", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "quiet-2", "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, body));
        HttpResponse<String> unknown = deliver("github/nosuch", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "quiet-3");
        HttpResponse<String> unsignedShared = deliver("github", body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "quiet-4");

        assertProblem(unsigned, 403);
        assertThat(unsigned.body()).contains("no source this path serves has a webhook secret")
                .contains("sextant.sources[].webhook.secret-env");
        assertProblem(signed, 403);
        assertThat(signed.body()).isEqualTo(unsigned.body());
        assertProblem(unknown, 401);
        assertThat(unknown.body()).as("an unknown source answers as a forgery does")
                .contains(Refusals.UNAUTHENTICATED.detail());
        assertProblem(unsignedShared, 401);
        assertThat(unsignedShared.body()).as("the shared path, where other sources have secrets")
                .contains(Refusals.UNAUTHENTICATED.detail());
    }

    @Test
    void aReplayedDeliveryIsProcessedOnce() throws Exception {
        String first = pushReplicaChange("ranking: first");
        byte[] body = Payloads.gitHubPush(fleetUrl(), "refs/heads/main", first);
        String[] headers = {"X-GitHub-Event", "push", "X-GitHub-Delivery", "replayed-1",
                "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, body)};
        assertThat(deliver("github", body, headers).statusCode()).isEqualTo(202);
        awaitApplied(first);
        awaitIdle();
        int events = auditEvents();
        String second = pushReplicaChange("ranking: second, announced only by a replay");

        HttpResponse<String> replay = deliver("github", body, headers);
        headers[3] = "replayed-under-a-new-id";
        HttpResponse<String> newId = deliver("github", body, headers);
        awaitIdle();

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"ignored\":\"duplicate delivery, ignored\"}");
        assertThat(newId.statusCode()).isEqualTo(200);
        assertThat(newId.body()).as("the same signed body is the same delivery").isEqualTo(replay.body());
        assertThat(appliedRevision()).isEqualTo(first);
        assertThat(auditEvents()).isEqualTo(events);
        assertThat(deliverGitHubPush("replayed-2", "refs/heads/main", second, SECRET).statusCode()).isEqualTo(202);
        awaitApplied(second);
    }

    @Test
    void oversizedDeliveriesAreRefusedWhetherTheirLengthIsDeclaredOrNot() throws Exception {
        awaitIdle();
        int events = auditEvents();
        String applied = appliedRevision();
        String commit = pushReplicaChange("ranking: announced by a delivery too large");
        String push = new String(Payloads.gitHubPush(fleetUrl(), "refs/heads/main", commit), StandardCharsets.UTF_8);
        byte[] big = (push.substring(0, push.length() - 1) + ",\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String[] headers = {"X-GitHub-Event", "push", "X-GitHub-Delivery", "big-1",
                "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, big)};

        HttpResponse<String> declared = deliver("github", big, headers);
        HttpResponse<String> chunked = send("github",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), headers);
        awaitIdle();

        assertProblem(declared, 413);
        assertThat(declared.body()).contains("sextant.webhooks.max-payload-size (1048576 bytes)");
        assertProblem(chunked, 413);
        assertThat(appliedRevision()).isEqualTo(applied);
        assertThat(auditEvents()).isEqualTo(events);
        assertThat(deliverGitHubPush("big-2", "refs/heads/main", commit, SECRET).statusCode()).isEqualTo(202);
        awaitApplied(commit);
    }

    @Test
    void aMultipartBodyOverTheCapIsRefusedBeforeAnythingParsesIt() {
        String boundary = "sextant-boundary";
        // Three parts, each under Spring's own 1 MB per part and together under Tomcat's 2 MB for form fields:
        // only the webhook cap refuses this.
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            parts.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"part").append(i)
                    .append("\"\r\n\r\n").append("x".repeat(600 * 1024)).append("\r\n");
        }
        byte[] multipart = (parts + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        String[] headers = {"Content-Type", "multipart/form-data; boundary=" + boundary, "X-GitHub-Event", "push"};

        HttpResponse<String> declared = send("github", HttpRequest.BodyPublishers.ofByteArray(multipart), headers);
        HttpResponse<String> chunked = send("gitlab",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(multipart)), headers);
        HttpResponse<String> small = send("github/fleet", HttpRequest.BodyPublishers.ofString(
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n{}\r\n--" + boundary
                        + "--\r\n"), headers);

        assertProblem(declared, 413);
        assertThat(declared.body()).contains("sextant.webhooks.max-payload-size (1048576 bytes)");
        assertProblem(chunked, 413);
        assertProblem(small, 415);
        assertThat(small.body()).contains("application/json");
    }

    @Test
    void formEncodedDeliveriesAreRefusedWithTheSettingToChange() {
        HttpRequest.BodyPublisher form = HttpRequest.BodyPublishers.ofString("payload=%7B%7D");
        HttpResponse<String> response = send("github", form, "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "push");

        assertProblem(response, 415);
        assertThat(response.body()).contains("application/json");
    }

    @Test
    void deliveriesBeyondTheRateLimitAnswer429WithRetryAfter() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i <= BURST; i++) {
            // each a different ping: the same body twice would be a replay, answered without costing a token
            byte[] ping = (new String(Payloads.gitHubPing(SERVER.url("bursty")), StandardCharsets.UTF_8) + " ".repeat(i))
                    .getBytes(StandardCharsets.UTF_8);
            responses.add(deliver("github", ping, "X-GitHub-Event", "ping", "X-GitHub-Delivery", "burst-" + i,
                    "X-Hub-Signature-256", Payloads.gitHubSignature(BURSTY_SECRET, ping)));
        }

        assertThat(responses.subList(0, BURST)).as("the burst").allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        HttpResponse<String> limited = responses.get(BURST);
        assertProblem(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).as("one token per 100 s").hasValue("100");
        assertThat(limited.body()).contains("sextant.webhooks.rate-limit");
    }
}
