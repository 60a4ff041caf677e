package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.webhook.PullRequest;
import io.sextant.git.webhook.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Acts on an authenticated delivery for the sources it was verified for: a push to a watched
 * branch enqueues a reconcile (the reconciler coalesces it with polls), a pull-request event on a
 * watched branch is published as a {@link PullRequestEvent}, anything else is acknowledged.
 */
final class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** Enqueues a reconcile; {@code Reconciler::request} in the engine. */
    interface ReconcileRequests {
        void request(String source, Trigger trigger);
    }

    private final ReconcileRequests reconciles;
    private final ApplicationEventPublisher events;

    WebhookDispatcher(ReconcileRequests reconciles, ApplicationEventPublisher events) {
        this.reconciles = reconciles;
        this.events = events;
    }

    WebhookOutcome dispatch(WebhookEvent event, List<SourceProperties> sources, String delivery) {
        if (event instanceof WebhookEvent.Push push) {
            return push(push, sources, delivery);
        }
        if (event instanceof PullRequest pr) {
            return pullRequest(pr, sources, delivery);
        }
        List<String> names = sources.stream().map(SourceProperties::name).toList();
        if (event instanceof WebhookEvent.Ping) {
            return new WebhookOutcome.Answered("pong: pushes to " + event.repository().describe()
                    + " will reach source " + String.join(", ", names));
        }
        String name = ((WebhookEvent.Other) event).event();
        return new WebhookOutcome.Ignored("event '" + Logs.safe(name) + "' is not used: Sextant acts on pushes and pull requests");
    }

    private WebhookOutcome push(WebhookEvent.Push push, List<SourceProperties> sources, String delivery) {
        List<String> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (SourceProperties source : sources) {
            if (push.updatesBranch(source.branch())) {
                reconciles.request(source.name(), Trigger.WEBHOOK);
                accepted.add(source.name());
                log.info("webhook {} delivery {}: push of {} to {} of {}; reconciling source {}", push.provider().id(),
                        Logs.safe(delivery), Logs.shortSha(push.after()), source.branch(),
                        Logs.safe(push.repository().describe()), source.name());
            } else {
                ignored.add("source " + source.name() + " watches branch " + source.branch());
            }
        }
        String reason = ignored.isEmpty() ? null
                : "push to " + Logs.safe(push.ref()) + " ignored: " + String.join("; ", ignored);
        return accepted.isEmpty() ? new WebhookOutcome.Ignored(reason) : new WebhookOutcome.Accepted(accepted, reason);
    }

    private WebhookOutcome pullRequest(PullRequest pr, List<SourceProperties> sources, String delivery) {
        List<String> accepted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (SourceProperties source : sources) {
            if (source.branch().equals(pr.baseRef())) {
                events.publishEvent(PullRequestEvent.of(source.name(), delivery, pr));
                accepted.add(source.name());
                log.info("webhook {} delivery {}: pull request #{} {} on {}; published for source {}",
                        pr.provider().id(), Logs.safe(delivery), pr.number(), pr.action(),
                        Logs.safe(pr.repository().describe()), source.name());
            } else {
                ignored.add("source " + source.name() + " watches branch " + source.branch());
            }
        }
        String reason = ignored.isEmpty() ? null : "pull request #" + pr.number() + " into "
                + Logs.safe(pr.baseRef()) + " ignored: " + String.join("; ", ignored);
        return accepted.isEmpty() ? new WebhookOutcome.Ignored(reason) : new WebhookOutcome.Accepted(accepted, reason);
    }
}
