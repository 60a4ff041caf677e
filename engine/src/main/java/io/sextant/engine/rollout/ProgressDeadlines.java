package io.sextant.engine.rollout;

import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.StatusVerdict;
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
 * was applied becomes Degraded, with the backend's last reason, instead of Progressing forever.
 *
 * <p>A {@link StatusVerdict}, so the tracker applies it to every status as it is written: the reconciler's next
 * observation (Progressing again, from the backend) is recorded Degraded too instead of flickering back until a
 * timer marks it again, and the rollout timer only asks the tracker to {@link ResourceTracker#rejudge() rejudge}
 * (a compare-and-set), never writing a status it read earlier over a newer one. A resource the backend reports
 * Healthy is left as it is, so it recovers at its next observation. A resource whose status a rollout owns
 * (OutOfSync) is the rollout's.
 */
public final class ProgressDeadlines implements StatusVerdict {

    static final String PREFIX = "not Healthy within progressDeadline ";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final Duration fallback;
    private final Clock clock;

    ProgressDeadlines(Duration fallback, Clock clock) {
        this.fallback = fallback;
        this.clock = clock;
    }

    @Override
    public TrackedResource judge(TrackedResource r) {
        if (r.sync() != SyncStatus.SYNCED || r.health() == Health.HEALTHY || r.desired() == null
                || r.lastSyncedAt() == null) {
            return r;
        }
        Duration deadline = deadline(r);
        if (!clock.instant().isAfter(r.lastSyncedAt().plus(deadline))) {
            return r;
        }
        if (r.health() == Health.DEGRADED && r.message().startsWith(PREFIX)) {
            return r;
        }
        // A writer that kept the previous message (already the verdict's) only needs the health put back.
        String message = r.message().startsWith(PREFIX) ? r.message() : PREFIX + text(deadline) + ": "
                + (r.message().isEmpty() ? "the backend reports " + r.health() : r.message());
        return new TrackedResource(r.key(), r.source(), r.backend(), r.sync(), Health.DEGRADED, r.operation(), message,
                r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(), r.desired(), r.observed(), r.diff(),
                r.driftReported(), r.appliedDigest(), r.failure());
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
