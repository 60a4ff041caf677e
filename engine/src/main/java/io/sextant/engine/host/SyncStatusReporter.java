package io.sextant.engine.host;

import io.sextant.engine.events.ReconcileFinished;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Posts the outcome of a sync back to the Git host as the {@code sextant/sync} status of the synced
 * commit, when the run applied, failed or blocked something, or found the commit invalid. Idle polls
 * and repeats of the last status post nothing. Posting happens off the reconcile thread: a slow host
 * never holds up a sync.
 */
@Component
class SyncStatusReporter implements DisposableBean {

    static final String SYNC_CONTEXT = "sextant/sync";

    private static final Logger log = LoggerFactory.getLogger(SyncStatusReporter.class);

    private final HostClients clients;
    private final Map<String, String> lastPosted = new ConcurrentHashMap<>();
    private final ExecutorService poster = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sextant-sync-status");
        thread.setDaemon(true);
        return thread;
    });

    SyncStatusReporter(HostClients clients) {
        this.clients = clients;
    }

    @EventListener
    void on(ReconcileFinished run) {
        if (run.commit() == null) {
            return;
        }
        boolean acted = run.applied() + run.failed() + run.blocked() > 0;
        if (!acted && !run.result().equals("invalid")) {
            return;
        }
        clients.forSource(run.source()).ifPresent(client -> {
            HostClient.CommitState state = run.result().equals("synced") ? HostClient.CommitState.SUCCESS
                    : HostClient.CommitState.FAILURE;
            String description = description(run);
            String fingerprint = run.commit().id() + " " + state + " " + description;
            if (fingerprint.equals(lastPosted.put(run.source(), fingerprint))) {
                return; // a blocked commit is re-checked on every poll; say it once
            }
            poster.execute(() -> {
                try {
                    client.setStatus(run.commit().id(), state, SYNC_CONTEXT, description, null);
                } catch (HostApiException e) {
                    lastPosted.remove(run.source(), fingerprint); // let the next run try again
                    log.warn("source={} commit={} cannot post {} status: {}", run.source(),
                            run.commit().id().substring(0, 7), SYNC_CONTEXT, e.getMessage());
                }
            });
        });
    }

    /** {@code synced: 3 applied}, {@code blocked: 2 blocked by a gate}, {@code failed: 1 applied, 1 failed}. */
    static String description(ReconcileFinished run) {
        StringBuilder text = new StringBuilder(run.result()).append(": ");
        String counts = join(run.applied(), "applied") + join(run.failed(), "failed") + join(run.blocked(), "blocked");
        text.append(counts.isEmpty() ? "nothing to apply" : counts.substring(2));
        if (!run.errors().isEmpty()) {
            text.append(", ").append(run.errors().size()).append(run.errors().size() == 1 ? " spec error" : " spec errors");
        }
        return text.toString();
    }

    private static String join(int count, String what) {
        return count == 0 ? "" : ", " + count + " " + what;
    }

    @Override
    public void destroy() {
        poster.shutdownNow();
    }
}
