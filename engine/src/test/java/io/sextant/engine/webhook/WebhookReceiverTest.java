package io.sextant.engine.webhook;

import static io.sextant.engine.webhook.Payloads.gitHubSignature;
import static io.sextant.engine.webhook.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.webhook.WebhookProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Who is trusted and what is triggered, decided without a Spring context. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookReceiverTest {

    static final String URL = "https://git.example.com/acme/fleet.git";
    static final String SECRET = "fleet-webhook-secret";
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final Map<String, String> ENV = Map.of("FLEET_HOOK", SECRET, "OTHER_HOOK", "another-secret");

    final AtomicLong now = new AtomicLong();
    final List<String> reconciles = new ArrayList<>();
    final List<Object> published = new ArrayList<>();
    WebhookReceiver receiver = receiver(Sources.webhooks(), fleet("main"));

    static SourceProperties fleet(String branch) {
        return source("name", "fleet", "url", URL, "branch", branch, "webhook.secret-env", "FLEET_HOOK");
    }

    WebhookReceiver receiver(WebhooksProperties properties, SourceProperties... sources) {
        List<SourceProperties> all = List.of(sources);
        return new WebhookReceiver(new SourceMatcher(all), WebhookSecrets.load(all, ENV::get),
                new RateLimiter(properties.rateLimit(), now::get), new DeliveryLog(properties.deliveries(), now::get),
                new WebhookDispatcher((source, trigger) -> reconciles.add(source + " " + trigger.apiName()),
                        published::add));
    }

    WebhookOutcome push(String id, String ref, String signatureSecret) {
        byte[] body = Payloads.gitHubPush(URL, ref, SHA);
        String signature = signatureSecret == null ? null : gitHubSignature(signatureSecret, body);
        return receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", id, signature, body));
    }

    @Test
    void signedPushToTheWatchedBranchRequestsAWebhookReconcile() {
        assertThat(push("d1", "refs/heads/main", SECRET)).isEqualTo(new WebhookOutcome.Accepted(List.of("fleet"), null));
        assertThat(reconciles).containsExactly("fleet webhook");
    }

    @Test
    void pushToAnotherBranchOrRepositoryIsIgnoredWithTheReason() {
        assertThat(push("d1", "refs/heads/feature", SECRET)).isEqualTo(new WebhookOutcome.Ignored(
                "push to refs/heads/feature ignored: source fleet watches branch main"));
        byte[] elsewhere = Payloads.gitHubPush("https://git.example.com/acme/other.git", "refs/heads/main", SHA);
        WebhookOutcome outcome = receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2",
                gitHubSignature(SECRET, elsewhere), elsewhere));

        assertThat(outcome).isEqualTo(new WebhookOutcome.Ignored("no source watches repository Codertocat/Hello-World",
                "unknown-source"));
        assertThat(reconciles).isEmpty();
    }

    @Test
    void unsignedForgedAndSha1DeliveriesAreRefusedAndLoggedWithoutSecrets(CapturedOutput output) {
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", SHA);
        String forged = gitHubSignature("guessed", body);
        String sha1 = "sha1=" + gitHubSignature(SECRET, body).substring(7);

        assertThat(push("d1", "refs/heads/main", null)).isEqualTo(new WebhookOutcome.Problem(401,
                "missing X-Hub-Signature-256: give the webhook the secret configured for this repository's source"));
        for (String signature : List.of(forged, sha1)) {
            WebhookOutcome outcome = receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2", signature, body));
            assertThat(outcome).isEqualTo(new WebhookOutcome.Problem(401, "X-Hub-Signature-256 does not match: "
                    + "the webhook's secret differs from the one configured in the engine"));
        }
        assertThat(reconciles).isEmpty();
        assertThat(output).contains("webhook github delivery d2 for Codertocat/Hello-World refused: wrong X-Hub-Signature-256")
                .contains("refused: no X-Hub-Signature-256").doesNotContain(SECRET)
                .doesNotContain(forged.substring(7)).doesNotContain(sha1.substring(5));
    }

    @Test
    void aSourceWithoutSecretRefusesWebhooks() {
        receiver = receiver(Sources.webhooks(), source("name", "open", "url", URL));

        WebhookOutcome outcome = push("d1", "refs/heads/main", SECRET);

        assertThat(outcome).isInstanceOf(WebhookOutcome.Problem.class);
        assertThat(((WebhookOutcome.Problem) outcome).status()).isEqualTo(403);
        assertThat(reconciles).isEmpty();
    }

    @Test
    void onlyTheSourcesWhoseSecretVerifiesAreTriggered() {
        receiver = receiver(Sources.webhooks(), fleet("main"),
                source("name", "fleet-b", "url", "git@git.example.com:acme/fleet.git", "webhook.secret-env", "OTHER_HOOK"));

        assertThat(push("d1", "refs/heads/main", "another-secret"))
                .isEqualTo(new WebhookOutcome.Accepted(List.of("fleet-b"), null));
        assertThat(reconciles).containsExactly("fleet-b webhook");
    }

    @Test
    void matchesTheHostRepositoryOfASourceClonedFromAMirror() {
        receiver = receiver(Sources.webhooks(), source("name", "mirrored", "url", "https://mirror.internal/fleet.git",
                "host.repository", "codertocat/hello-world", "webhook.secret-env", "FLEET_HOOK"));

        assertThat(push("d1", "refs/heads/main", SECRET)).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(reconciles).containsExactly("mirrored webhook");
    }

    @Test
    void aDeliveryIsProcessedOnceAndAForgeryCannotClaimItsId() {
        push("d1", "refs/heads/main", "guessed");
        assertThat(push("d1", "refs/heads/main", SECRET)).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(push("d1", "refs/heads/main", SECRET)).isEqualTo(new WebhookOutcome.Ignored("duplicate delivery, ignored", "duplicate"));
        assertThat(push(null, "refs/heads/main", SECRET)).as("no id, no de-duplication").isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(reconciles).hasSize(2);
    }

    @Test
    void overTheRateLimitAnswersRetryAfterAndForgeriesCostNothing() {
        receiver = receiver(Sources.webhooks("rate-limit.per-second", "0.5", "rate-limit.burst", "2"), fleet("main"));
        for (int i = 0; i < 5; i++) {
            push("forged-" + i, "refs/heads/main", "guessed");
        }
        assertThat(push("d1", "refs/heads/main", SECRET)).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(push("d2", "refs/heads/main", SECRET)).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(push("d3", "refs/heads/main", SECRET)).isEqualTo(new WebhookOutcome.RateLimited(2));

        now.addAndGet(2_000_000_000L);
        assertThat(push("d3", "refs/heads/main", SECRET)).as("a refused delivery may be redelivered")
                .isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(reconciles).hasSize(3);
    }

    @Test
    void unreadableDeliveriesAre400() {
        WebhookOutcome noEvent = receiver.receive(new Delivery(WebhookProvider.GITHUB, null, "d1", null, new byte[] {'{', '}'}));
        WebhookOutcome notJson = receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2", null, "payload=x".getBytes()));

        assertThat(noEvent).isEqualTo(new WebhookOutcome.Problem(400,
                "missing header X-GitHub-Event: this endpoint takes github webhooks"));
        assertThat(((WebhookOutcome.Problem) notJson).status()).isEqualTo(400);
    }

    @Test
    void aPingIsAnsweredWhenSigned() {
        byte[] ping = Payloads.gitHubPing(URL);

        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "ping", "p1", gitHubSignature(SECRET, ping), ping)))
                .isEqualTo(new WebhookOutcome.Answered("pong: pushes to Octocoders/Hello-World will reach source fleet"));
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "ping", "p2", null, ping)))
                .isInstanceOf(WebhookOutcome.Problem.class);
    }

    @Test
    void gitLabTokenAndGiteaSignatureAuthenticateTheirPushes() {
        byte[] gitlab = Payloads.gitLabPush(URL, "refs/heads/main", SHA);
        byte[] gitea = Payloads.giteaPush(URL, "refs/heads/main", SHA);

        assertThat(receiver.receive(new Delivery(WebhookProvider.GITLAB, "Push Hook", "l1", SECRET, gitlab)))
                .isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITLAB, "Push Hook", "l2", "wrong", gitlab)))
                .isInstanceOf(WebhookOutcome.Problem.class);
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITEA, "push", "t1",
                Payloads.giteaSignature(SECRET, gitea), gitea))).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITEA, "push", "t2",
                gitHubSignature(SECRET, gitea), gitea))).as("GitHub's prefixed form is not Gitea's")
                .isInstanceOf(WebhookOutcome.Problem.class);
        assertThat(reconciles).containsExactly("fleet webhook", "fleet webhook");
    }
}
