package io.sextant.engine.webhook;

import static io.sextant.engine.webhook.Payloads.gitHubSignature;
import static io.sextant.engine.webhook.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.webhook.WebhookProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

/** Pull-request deliveries become {@link PullRequestEvent}s for the sources on their base branch. */
class PullRequestDispatchTest {

    static final String URL = "https://github.com/acme/fleet.git";
    static final String SECRET = "fleet-webhook-secret";

    final List<Object> published = new ArrayList<>();
    final List<String> reconciles = new ArrayList<>();

    WebhookReceiver receiver(ApplicationEventPublisher events) {
        List<SourceProperties> sources = List.of(
                source("name", "fleet", "url", URL, "branch", "main", "webhook.secret-env", "HOOK"),
                source("name", "staging", "url", URL, "branch", "staging", "webhook.secret-env", "HOOK"));
        WebhooksProperties properties = Sources.webhooks();
        return new WebhookReceiver(new SourceMatcher(sources), WebhookSecrets.load(sources, Map.of("HOOK", SECRET)::get),
                new RateLimiter(properties.rateLimit(), System::nanoTime),
                new DeliveryLog(properties.deliveries(), System::nanoTime),
                new WebhookDispatcher((source, trigger) -> reconciles.add(source), events),
                new Refusals(properties.unauthenticated(), System::nanoTime));
    }

    static Delivery gitHub(String event, String id, byte[] body) {
        return new Delivery(WebhookProvider.GITHUB, event, id, gitHubSignature(SECRET, body), body);
    }

    @Test
    void anOpenedPullRequestIsPublishedForTheSourceOnItsBaseBranchOnly() {
        byte[] body = Payloads.gitHubPullRequest("pull_request.opened.payload.json", URL, "main");

        WebhookOutcome outcome = receiver(published::add).receive(gitHub("pull_request", "d1", body));

        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(List.of("fleet"),
                "pull request #2 into main ignored: source staging watches branch staging"));
        assertThat(published).containsExactly(new PullRequestEvent("fleet", "github", "d1", PullRequestEvent.Action.OPENED,
                "opened", 2, "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "changes", "main", false, null,
                "Codertocat", "Codertocat/Hello-World", null));
        assertThat(reconciles).as("a pull request changes nothing live").isEmpty();
    }

    @Test
    void aReviewCarriesTheReviewerAndVerdict() {
        byte[] body = Payloads.gitHubPullRequest("pull_request_review.submitted.payload.json", URL, "staging");

        receiver(published::add).receive(gitHub("pull_request_review", "d1", body));

        PullRequestEvent event = (PullRequestEvent) published.get(0);
        assertThat(event.source()).isEqualTo("staging");
        assertThat(event.action()).isEqualTo(PullRequestEvent.Action.REVIEWED);
        assertThat(event.review()).isEqualTo(new PullRequestEvent.Review("commented", "Codertocat"));
    }

    @Test
    void gitLabAndGiteaPullRequestsArePublishedToo() {
        WebhookReceiver receiver = receiver(published::add);
        byte[] gitlab = Payloads.gitLabMergeRequest(URL, "main");
        byte[] gitea = Payloads.giteaPullRequest(URL, "main");

        receiver.receive(new Delivery(WebhookProvider.GITLAB, "Merge Request Hook", "l1", SECRET, gitlab));
        receiver.receive(new Delivery(WebhookProvider.GITEA, "pull_request", "t1", Payloads.giteaSignature(SECRET, gitea), gitea));

        assertThat(published).extracting(e -> ((PullRequestEvent) e).provider() + " #" + ((PullRequestEvent) e).number()
                + " " + ((PullRequestEvent) e).headRef() + " " + ((PullRequestEvent) e).action())
                .containsExactly("gitlab #1 ms-viewport OPENED", "gitea #2 master OPENED");
    }

    @Test
    void aFailingListenerAnswers500AndTheRedeliveryIsProcessed() {
        byte[] body = Payloads.gitHubPullRequest("pull_request.synchronize.payload.json", URL, "main");
        boolean[] failed = {false};
        WebhookReceiver receiver = receiver(event -> {
            if (!failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("GitHub API down");
            }
            published.add(event);
        });

        assertThat(receiver.receive(gitHub("pull_request", "d1", body))).isEqualTo(new WebhookOutcome.Problem(500,
                "handling the delivery failed; the engine log has the details"));
        assertThat(receiver.receive(gitHub("pull_request", "d1", body))).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(published).hasSize(1);
    }
}
