package io.sextant.engine.webhook;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers deliveries that no source's secret verifies. Every such delivery gets the same answer,
 * whatever it claims (unsigned, wrongly signed, signed for another source, for a repository nobody
 * watches, to the path of a source that does not exist), so a sender learns nothing about which
 * repositories are watched or how: 401 ({@link #UNAUTHENTICATED}). The one exception is decided by
 * configuration alone, never by the delivery: where no secret could verify it at all (a source's own
 * path when that source has no {@code webhook} setting, a provider's shared path when no source has
 * one), webhooks are switched off and the answer is 403 ({@link #UNCONFIGURED}, DESIGN.md section 4),
 * so whoever set up the hook learns what to configure. Anyone can send either, so they cost the
 * sender's address a token ({@code sextant.webhooks.unauthenticated}) and are summed up in one log
 * line per interval rather than logged one each; the metric counts every one.
 */
final class Refusals {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    /** The one answer to every unauthenticated delivery. */
    static final WebhookOutcome.Problem UNAUTHENTICATED = new WebhookOutcome.Problem(401,
            "the delivery is not signed with the webhook secret of a source that watches its repository: give the "
                    + "webhook the secret configured for that source (sextant.sources[].webhook.secret-env or secret-file)");

    /** The answer where no secret is configured that could verify a delivery (see the class comment). */
    static final WebhookOutcome.Problem UNCONFIGURED = new WebhookOutcome.Problem(403,
            "webhooks are refused here: no source this path serves has a webhook secret, and webhooks are never "
                    + "accepted unauthenticated. Set sextant.sources[].webhook.secret-env or secret-file for the source "
                    + "and give the webhook the same secret");

    private final RateLimiter perClient;
    private final long logIntervalNanos;
    private final LongSupplier nanoClock;
    private long refused;
    private long nextLogAt;
    private boolean logged;

    Refusals(WebhooksProperties.Unauthenticated settings, LongSupplier nanoClock) {
        this.perClient = new RateLimiter(new WebhooksProperties.RateLimit(settings.perSecond(), settings.burst()),
                nanoClock);
        this.logIntervalNanos = settings.logInterval().toNanos();
        this.nanoClock = nanoClock;
    }

    /** The answer to an unauthenticated delivery: {@link #UNAUTHENTICATED}, or 429 once its sender is over budget. */
    WebhookOutcome refuse(Delivery delivery) {
        return refuse(delivery, UNAUTHENTICATED);
    }

    /** The answer to a delivery no configured secret could verify: {@link #UNCONFIGURED}, or 429 as above. */
    WebhookOutcome refuseUnconfigured(Delivery delivery) {
        return refuse(delivery, UNCONFIGURED);
    }

    private WebhookOutcome refuse(Delivery delivery, WebhookOutcome.Problem answer) {
        report(delivery);
        Duration wait = perClient.acquire(List.of(delivery.client()));
        if (wait.isZero()) {
            return answer;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new WebhookOutcome.RateLimited(seconds, "too many unauthenticated deliveries from this address "
                + "(sextant.webhooks.unauthenticated); retry after " + seconds + " s");
    }

    private synchronized void report(Delivery delivery) {
        refused++;
        long now = nanoClock.getAsLong();
        if (logged && now - nextLogAt < 0) {
            return;
        }
        log.warn("webhooks: {} unauthenticated deliveries refused {}(the latest: {} from {}); a webhook's secret may "
                        + "differ from its source's, or someone is probing (sextant_webhook_deliveries_total with result=rejected "
                        + "counts them all)", refused, logged ? "since the last report " : "",
                delivery.provider().id(), Logs.safe(delivery.client()));
        refused = 0;
        logged = true;
        nextLogAt = now + logIntervalNanos;
    }
}
