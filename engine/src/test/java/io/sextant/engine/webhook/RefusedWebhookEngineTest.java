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
    void unsignedForgedAndSha1DeliveriesChangeNothing(CapturedOutput output) throws Exception {
        awaitIdle();
        String applied = appliedRevision();
        int events = auditEvents();
        String commit = pushReplicaChange("ranking: pushed, announced only by forgers");
        byte[] body = Payloads.gitHubPush(fleetUrl(), "refs/heads/main", commit);
        String forged = Payloads.gitHubSignature("guessed-secret", body);
        String sha1 = "sha1=" + Payloads.gitHubSignature(SECRET, body).substring("sha256=".length());

        HttpResponse<String> unsigned = deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-1");
        HttpResponse<String> wrong = deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-2",
                "X-Hub-Signature-256", forged);
        HttpResponse<String> oldAlgorithm = deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-3",
                "X-Hub-Signature", sha1, "X-Hub-Signature-256", sha1);
        awaitIdle();

        assertProblem(unsigned, 401);
        assertThat(unsigned.body()).contains("missing X-Hub-Signature-256");
        assertProblem(wrong, 401);
        assertThat(wrong.body()).contains("does not match");
        assertProblem(oldAlgorithm, 401);
        assertThat(appliedRevision()).isEqualTo(applied);
        assertThat(auditEvents()).isEqualTo(events);
        assertThat(output).contains("delivery f-2 for Codertocat/Hello-World refused: wrong X-Hub-Signature-256")
                .doesNotContain(SECRET).doesNotContain(forged.substring(7)).doesNotContain(sha1.substring(5));

        assertThat(deliverGitHubPush("f-4", "refs/heads/main", commit, SECRET).statusCode()).isEqualTo(202);
        awaitApplied(commit);
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
        awaitIdle();

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"ignored\":\"duplicate delivery, ignored\"}");
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
    void aSourceWithoutWebhookSecretRefusesWebhooks() {
        byte[] body = Payloads.gitHubPush(SERVER.url("quiet"), "refs/heads/main", "0".repeat(40));

        HttpResponse<String> response = deliver("github", body, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, body));

        assertProblem(response, 403);
        assertThat(response.body()).contains("no webhook secret");
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
        byte[] ping = Payloads.gitHubPing(SERVER.url("bursty"));
        String signature = Payloads.gitHubSignature(BURSTY_SECRET, ping);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i <= BURST; i++) {
            responses.add(deliver("github", ping, "X-GitHub-Event", "ping", "X-GitHub-Delivery", "burst-" + i,
                    "X-Hub-Signature-256", signature));
        }

        assertThat(responses.subList(0, BURST)).as("the burst").allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        HttpResponse<String> limited = responses.get(BURST);
        assertProblem(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).as("one token per 100 s").hasValue("100");
        assertThat(limited.body()).contains("sextant.webhooks.rate-limit");
    }
}
