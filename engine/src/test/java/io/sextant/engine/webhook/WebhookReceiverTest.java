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
                        published::add),
                new Refusals(properties.unauthenticated(), now::get));
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
    void everyUnauthenticatedDeliveryGetsTheSameAnswerAndOneLogLinePerInterval(CapturedOutput output) {
        receiver = receiver(Sources.webhooks(), fleet("main"),
                source("name", "other", "url", "https://git.example.com/acme/other.git", "webhook.secret-env", "OTHER_HOOK"),
                source("name", "open", "url", "https://git.example.com/acme/open.git"));
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", SHA);
        String forged = gitHubSignature("guessed", body);
        String sha1 = "sha1=" + gitHubSignature(SECRET, body).substring(7);
        byte[] unwatched = Payloads.gitHubPush("https://git.example.com/acme/nobody.git", "refs/heads/main", SHA);
        byte[] noSecret = Payloads.gitHubPush("https://git.example.com/acme/open.git", "refs/heads/main", SHA);

        List<WebhookOutcome> outcomes = List.of(
                push("d1", "refs/heads/main", null),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2", forged, body)),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d3", sha1, body)),
                push("d4", "refs/heads/main", "another-secret"),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d5", null, unwatched)),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d6", forged, unwatched)),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d7", gitHubSignature(SECRET, noSecret), noSecret)),
                receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d8", null, "not json".getBytes())),
                receiver.receiveFor("other", new Delivery(WebhookProvider.GITHUB, "push", "d9",
                        gitHubSignature(SECRET, body), body)),
                receiver.receiveFor("nosuch", new Delivery(WebhookProvider.GITHUB, "push", "d10",
                        gitHubSignature(SECRET, body), body)));

        assertThat(outcomes).as("unsigned, forged, SHA-1, signed for another source, unwatched, no secret, "
                + "not even JSON, another source's path, an unknown source's path").containsOnly(Refusals.UNAUTHENTICATED);
        assertThat(reconciles).isEmpty();
        assertThat(output.getAll().lines().filter(line -> line.contains("unauthenticated deliveries refused")))
                .as("one line for the interval").hasSize(1);
        assertThat(output).doesNotContain("delivery d").doesNotContain(SECRET)
                .doesNotContain(forged.substring(7)).doesNotContain(sha1.substring(5));

        now.addAndGet(61_000_000_000L);
        push("d11", "refs/heads/main", null);
        assertThat(output.getAll().lines().filter(line -> line.contains("unauthenticated deliveries refused")))
                .as("the next interval's line").hasSize(2).last().asString().contains("10 unauthenticated deliveries");
    }

    @Test
    void unauthenticatedDeliveriesAreRateLimitedPerClientAddress() {
        receiver = receiver(Sources.webhooks("unauthenticated.per-second", "0.1", "unauthenticated.burst", "2"),
                fleet("main"));
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", SHA);
        Delivery fromProber = new Delivery(WebhookProvider.GITHUB, "push", null, null, body, "203.0.113.9");

        assertThat(receiver.receive(fromProber)).isEqualTo(Refusals.UNAUTHENTICATED);
        assertThat(receiver.receive(fromProber)).isEqualTo(Refusals.UNAUTHENTICATED);
        WebhookOutcome limited = receiver.receive(fromProber);

        assertThat(limited).isInstanceOf(WebhookOutcome.RateLimited.class);
        assertThat(((WebhookOutcome.RateLimited) limited).retryAfterSeconds()).isEqualTo(10);
        assertThat(((WebhookOutcome.RateLimited) limited).detail()).contains("sextant.webhooks.unauthenticated");
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", null, null, body, "198.51.100.7")))
                .as("another address").isEqualTo(Refusals.UNAUTHENTICATED);
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d1", gitHubSignature(SECRET, body),
                body, "203.0.113.9"))).as("a signed delivery from the same address").isInstanceOf(WebhookOutcome.Accepted.class);
    }

    @Test
    void aSourcesOwnEndpointTakesOnlyItsOwnSecret() {
        receiver = receiver(Sources.webhooks(), fleet("main"),
                source("name", "fleet-b", "url", "git@git.example.com:acme/fleet.git", "webhook.secret-env", "OTHER_HOOK"));
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", SHA);

        assertThat(receiver.receiveFor("fleet", new Delivery(WebhookProvider.GITHUB, "push", "d1",
                gitHubSignature(SECRET, body), body))).isEqualTo(new WebhookOutcome.Accepted(List.of("fleet"), null));
        assertThat(receiver.receiveFor("fleet-b", new Delivery(WebhookProvider.GITHUB, "push", "d2",
                gitHubSignature(SECRET, body), body))).isEqualTo(Refusals.UNAUTHENTICATED);
        assertThat(reconciles).containsExactly("fleet webhook");
    }

    @Test
    void aSourceWithoutASecretRefusesWebhooksWith403OnItsPathAndUnknownNamesAnswerAsForgeries() {
        receiver = receiver(Sources.webhooks(), fleet("main"),
                source("name", "open", "url", "https://git.example.com/acme/open.git"));
        byte[] body = Payloads.gitHubPush("https://git.example.com/acme/open.git", "refs/heads/main", SHA);

        assertThat(receiver.receiveFor("open", new Delivery(WebhookProvider.GITHUB, "push", "d1",
                gitHubSignature(SECRET, body), body))).isEqualTo(Refusals.UNCONFIGURED);
        assertThat(receiver.receiveFor("open", new Delivery(WebhookProvider.GITHUB, "push", "d2", null, body)))
                .isEqualTo(Refusals.UNCONFIGURED);
        assertThat(receiver.receiveFor("nosuch", new Delivery(WebhookProvider.GITHUB, "push", "d3", null, body)))
                .isEqualTo(Refusals.UNAUTHENTICATED);
        assertThat(Refusals.UNCONFIGURED.status()).isEqualTo(403);
        assertThat(Refusals.UNCONFIGURED.detail()).contains("webhook.secret-env");
        assertThat(reconciles).isEmpty();
    }

    @Test
    void withNoSecretAnywhereTheSharedPathRefusesEveryDeliveryWith403() {
        receiver = receiver(Sources.webhooks(), source("name", "open", "url", URL));
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", SHA);

        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d1", null, body)))
                .isEqualTo(Refusals.UNCONFIGURED);
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2", gitHubSignature(SECRET, body),
                body))).isEqualTo(Refusals.UNCONFIGURED);
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
        assertThat(reconciles).hasSize(1);
    }

    @Test
    void theSameSignedBodyUnderANewDeliveryIdIsAReplayAndCostsNoRateLimit() {
        receiver = receiver(Sources.webhooks("rate-limit.per-second", "0.01", "rate-limit.burst", "2"), fleet("main"));

        assertThat(push("d1", "refs/heads/main", SECRET)).isInstanceOf(WebhookOutcome.Accepted.class);
        for (String id : new String[] {"d2", "d3", "d4", null}) {
            assertThat(push(id, "refs/heads/main", SECRET)).as("replayed as " + id)
                    .isEqualTo(new WebhookOutcome.Ignored("duplicate delivery, ignored", "duplicate"));
        }
        byte[] next = Payloads.gitHubPush(URL, "refs/heads/main", "1".repeat(40));
        assertThat(receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d5", gitHubSignature(SECRET, next), next)))
                .as("the budget is still there").isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(reconciles).hasSize(2);
    }

    @Test
    void overTheRateLimitAnswersRetryAfterAndForgeriesCostNothing() {
        receiver = receiver(Sources.webhooks("rate-limit.per-second", "0.5", "rate-limit.burst", "2"), fleet("main"));
        for (int i = 0; i < 5; i++) {
            push("forged-" + i, "refs/heads/main", "guessed");
        }
        assertThat(pushOf("a", "d1")).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(pushOf("b", "d2")).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(pushOf("c", "d3")).isEqualTo(new WebhookOutcome.RateLimited(2));

        now.addAndGet(2_000_000_000L);
        assertThat(pushOf("c", "d3")).as("a refused delivery may be redelivered")
                .isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(reconciles).hasSize(3);
    }

    /** A signed push of commit {@code ccc...}: each commit's body differs. */
    WebhookOutcome pushOf(String commitChar, String id) {
        byte[] body = Payloads.gitHubPush(URL, "refs/heads/main", commitChar.repeat(40));
        return receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", id, gitHubSignature(SECRET, body), body));
    }

    @Test
    void unreadableSignedDeliveriesAre400() {
        byte[] empty = {'{', '}'};
        byte[] form = "payload=x".getBytes();
        WebhookOutcome noEvent = receiver.receive(new Delivery(WebhookProvider.GITHUB, null, "d1",
                gitHubSignature(SECRET, empty), empty));
        WebhookOutcome notJson = receiver.receive(new Delivery(WebhookProvider.GITHUB, "push", "d2",
                gitHubSignature(SECRET, form), form));

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
