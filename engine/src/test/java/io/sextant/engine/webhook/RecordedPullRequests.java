package io.sextant.engine.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;

/** A listener the engine tests add to the context, as the pull-request preview feature would listen. */
class RecordedPullRequests {

    final List<PullRequestEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(PullRequestEvent event) {
        events.add(event);
    }
}
