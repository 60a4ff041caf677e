package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.audit.AuditEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change held by a sync window is its own event rules can select, not a refused sync. */
class WindowHeldNotificationTest {

    static AuditEvent blocked(String error) {
        return new AuditEvent(7, "2026-12-03T21:30:00Z", "platform", "a".repeat(40), "Ada <ada@example.com>",
                "scale llama", null, List.of(), "poll", new AuditEvent.ResourceRef("ModelDeployment", "search", "llama"),
                "sim-local", "blocked", null, "blocked", error, 0, "0".repeat(64), "1".repeat(64));
    }

    @Test
    void aChangeHeldByAWindowIsWindowHeldAndOtherBlocksStaySyncBlocked() {
        assertThat(AuditNotifications.typeOf(blocked(
                "held by sync window search/launch-freeze until 2026-12-04T08:00+01:00")))
                .contains(EventType.WINDOW_HELD);
        assertThat(AuditNotifications.typeOf(blocked("commit is not signed"))).contains(EventType.SYNC_BLOCKED);
    }
}
