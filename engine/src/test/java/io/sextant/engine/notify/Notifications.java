package io.sextant.engine.notify;

import io.sextant.engine.notify.Channel.Outgoing;
import java.util.Map;

/** Notifications as the engine makes them, for channel tests. */
final class Notifications {

    private Notifications() {
    }

    static Notification failed(String name, String error) {
        return new Notification("audit-7", EventType.SYNC_FAILED, "2026-12-03T08:00:00Z", "platform", "ModelDeployment",
                "search", name, "prod-k8s", "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c", "scale llama <fast> & cheap",
                17, error, Map.of("tier", "prod"), Map.of(
                        "commit", "https://github.com/acme/ai-platform/commit/3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
                        "pullRequest", "https://github.com/acme/ai-platform/pull/17",
                        "dashboard", "https://sextant.example.com/#/resources/ModelDeployment/search/" + name));
    }

    static Outgoing outgoing(Notification n, int occurrences) {
        return new Outgoing(n.eventId() + ".ops", n, occurrences, "2026-12-03T08:00:00Z", "2026-12-03T08:09:00Z");
    }
}
