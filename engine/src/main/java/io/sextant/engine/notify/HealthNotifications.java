package io.sextant.engine.notify;

import io.sextant.engine.status.ResourceStatusChanged;
import io.sextant.engine.status.TrackedResource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Notifications of health changes: a resource turning {@code Degraded} (or new and {@code Degraded}), and one
 * coming back to {@code Healthy} from it. Health is not audited, so there is no audit transaction to join: the
 * row is written in its own (or the status write's) transaction, on the replica whose run saw the change.
 */
final class HealthNotifications {

    private static final Logger log = LoggerFactory.getLogger(HealthNotifications.class);
    /**
     * Health by its contract name (DESIGN.md section 5), not by its Java type, which the kind model rework moves
     * to another package.
     */
    private static final String DEGRADED = "Degraded";
    private static final String HEALTHY = "Healthy";

    private final Notifier notifier;
    private final TransactionOperations transactions;
    private final Clock clock;

    HealthNotifications(Notifier notifier, TransactionOperations transactions, Clock clock) {
        this.notifier = notifier;
        this.transactions = transactions;
        this.clock = clock;
    }

    void changed(ResourceStatusChanged change) {
        Optional<EventType> type = typeOf(change).filter(notifier::wants);
        if (type.isEmpty()) {
            return;
        }
        TrackedResource r = change.current();
        String time = clock.instant().toString();
        String id = "health-" + Notifier.sha256(r.key() + "\n" + type.get().key() + "\n" + time).substring(0, 32);
        Notification n = new Notification(id, type.get(), time, r.source(), r.key().kind().apiName(),
                r.key().namespace(), r.key().name(), r.backend(), r.appliedRevision(), null, null,
                r.message().isBlank() ? "health " + r.health().apiName() : r.message(), null, null);
        try {
            transactions.executeWithoutResult(status -> notifier.notify(List.of(n)));
        } catch (RuntimeException e) {
            // Status listeners must not throw (ResourceStatusChanged); the reconcile goes on.
            log.error("could not queue the {} notification of {}", type.get().key(), r.key(), e);
        }
    }

    static Optional<EventType> typeOf(ResourceStatusChanged change) {
        TrackedResource previous = change.previous();
        if (previous != null && previous.health() == change.current().health()) {
            return Optional.empty();
        }
        // A new resource that comes up Degraded (no GPUs free, say) is news too; the tracker loads every stored
        // status at start-up, so a restart does not make an old resource new.
        if (DEGRADED.equals(change.current().health().apiName())) {
            return Optional.of(EventType.HEALTH_DEGRADED);
        }
        if (previous != null && DEGRADED.equals(previous.health().apiName())
                && HEALTHY.equals(change.current().health().apiName())) {
            return Optional.of(EventType.HEALTH_RECOVERED);
        }
        return Optional.empty();
    }
}
