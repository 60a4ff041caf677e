package io.sextant.engine.rollout;

import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Health;
import java.time.Clock;
import io.sextant.engine.rollout.plan.RolloutPreview;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' {@code progressDeadlineSeconds} for every resource (ModelDeployments above all, the only kind with
 * its own {@code spec.rollout.progressDeadline}; asking no kind by name, adapters and routes get it too): one
 * that is live as Git says (Synced) but not Healthy longer than its deadline (or the engine's default) after it
 * was applied becomes Degraded, with the backend's last reason, instead of Progressing forever. It reads only the
 * statuses the reconciler keeps (no backend call per tick); when a later observation finds it Healthy, the
 * reconciler writes Healthy over it. A resource whose status a rollout owns (OutOfSync) is the rollout's.
 */
public final class ProgressDeadlines {

    static final String PREFIX = "not Healthy within progressDeadline ";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final ResourceTracker tracker;
    private final Duration fallback;
    private final Clock clock;

    ProgressDeadlines(ResourceTracker tracker, Duration fallback, Clock clock) {
        this.tracker = tracker;
        this.fallback = fallback;
        this.clock = clock;
    }

    /** Marks every deployment past its deadline Degraded; the rollout timer calls it, tests call it by hand. */
    public void check() {
        Instant now = clock.instant();
        for (TrackedResource r : tracker.all()) {
            if (r.sync() != SyncStatus.SYNCED
                    || r.health() == Health.HEALTHY || r.desired() == null || r.lastSyncedAt() == null
                    || r.message().startsWith(PREFIX)) {
                continue;
            }
            Duration deadline = deadline(r);
            if (now.isAfter(r.lastSyncedAt().plus(deadline))) {
                tracker.put(new TrackedResource(r.key(), r.source(), r.backend(), r.sync(), Health.DEGRADED,
                        r.operation(), PREFIX + text(deadline) + ": " + (r.message().isEmpty()
                        ? "the backend reports " + r.health() : r.message()), r.desiredRevision(),
                        r.appliedRevision(), r.lastSyncedAt(), r.desired(), r.observed(), r.diff(), r.driftReported(),
                        r.appliedDigest(), r.failure()));
            }
        }
    }

    /** The resource's own deadline (validated by the schema, normal form) or the engine's. */
    private Duration deadline(TrackedResource r) {
        String text = r.desired().path("spec").path("rollout").path("progressDeadline").asString("");
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static String text(Duration d) {
        return RolloutPreview.text(d);
    }
}
