package io.sextant.engine.host;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.webhook.PullRequestEvent;
import io.sextant.engine.webhook.PullRequestEvent.Action;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns pull request webhooks into previews: opened, reopened or pushed to, the pull request gets its
 * plan comment and {@code sextant/plan} status. A review or merge makes the approval gate ask the host
 * again, at once when it had blocked a commit. Webhooks are answered at once; previews run one after another on their own thread, in the
 * order the deliveries came.
 */
@Component
class PullRequestPreviews implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PullRequestPreviews.class);
    private static final Set<Action> PREVIEWED = EnumSet.of(Action.OPENED, Action.REOPENED, Action.SYNCHRONIZED);

    private final PreviewService previews;
    private final HostClients clients;
    private final ApprovalGate gate;
    private final Reconciler reconciler;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sextant-pr-preview");
        thread.setDaemon(true);
        return thread;
    });

    PullRequestPreviews(PreviewService previews, HostClients clients, ApprovalGate gate, Reconciler reconciler) {
        this.previews = previews;
        this.clients = clients;
        this.gate = gate;
        this.reconciler = reconciler;
    }

    @EventListener
    void on(PullRequestEvent event) {
        if (clients.forSource(event.source()).isEmpty()) {
            return; // no host API to post to (sextant.sources[].host)
        }
        if ((event.action() == Action.REVIEWED || event.action() == Action.MERGED) && gate.forgetBlocks(event.source())) {
            // an approval given after the merge: the blocked commit may go through now, not at the next poll
            reconciler.request(event.source(), Trigger.WEBHOOK);
        }
        if (PREVIEWED.contains(event.action())) {
            worker.execute(() -> preview(event));
        }
    }

    private void preview(PullRequestEvent event) {
        try {
            previews.preview(event.source(), event.number(), event.headSha());
        } catch (HostApiException | RuntimeException e) {
            log.warn("source={} pullRequest={} preview failed: {}", event.source(), event.number(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
