package io.sextant.engine.windows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a window is open: each firing of a five-field cron schedule, read in a time zone, opens it for a
 * duration of elapsed time. Firings are wall-clock times from Spring's {@link CronExpression} on
 * {@link LocalDateTime}s, read in the zone: a firing in a skipped hour (02:30 on a spring-forward night)
 * opens one hour on the clock later (03:30), and a firing in a repeated hour opens once, at its first
 * occurrence. (Spring on zoned times would skip the first and fire twice for the second: a nightly freeze
 * would silently not happen on the spring-forward night.) Durations are elapsed time, so a 10h window opened at 22:00 on a fall-back night closes at
 * 07:00 local time. Windows whose openings overlap or touch are one window.
 *
 * @param schedule as written (five fields or a macro), for display
 */
record WindowTimes(String schedule, CronExpression cron, ZoneId zone, Duration duration) {

    /** Bounds the firings looked at from one instant: a minutely schedule with a 31-day duration. */
    private static final int MAX_FIRINGS = 50_000;
    /** More than any clock change: local firings this far around a range are checked against it. */
    private static final Duration MARGIN = Duration.ofHours(3);

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static WindowTimes of(String schedule, String zone, Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        String text = schedule.trim();
        if (!text.startsWith("@") && text.split("\\s+").length != 5) {
            throw new IllegalArgumentException("schedule '" + schedule
                    + "' must have 5 fields (minute hour day-of-month month day-of-week)");
        }
        // Spring's cron has a leading seconds field; its macros already fire at second 0.
        CronExpression cron;
        try {
            cron = CronExpression.parse(text.startsWith("@") ? text : "0 " + text);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("schedule '" + schedule + "' is not a valid cron: " + e.getMessage());
        }
        ZoneId id;
        try {
            id = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "': use an IANA name such as Europe/Berlin");
        }
        return new WindowTimes(schedule, cron, id, duration);
    }

    /** When the window open at {@code now} closes, or empty when it is closed at {@code now}. */
    Optional<Instant> openUntil(Instant now) {
        int[] budget = {MAX_FIRINGS};
        Instant end = latestEnd(now, budget);
        if (end == null) {
            return Optional.empty();
        }
        // A firing before the end (or at it) keeps the window open without a gap.
        for (Instant later = latestEnd(end, budget); later != null && later.isAfter(end) && budget[0] > 0;
             later = latestEnd(end, budget)) {
            end = later;
        }
        return Optional.of(end);
    }

    /** The next opening strictly after {@code after} that does not continue a window open at it. */
    Optional<Instant> nextStart(Instant after) {
        Instant from = openUntil(after).orElse(after);
        Instant first = null;
        int seen = 0;
        // Local firings map to instants out of order only around a clock change: look a margin past the first.
        for (LocalDateTime f = cron.next(local(from).minus(MARGIN)); f != null && seen < MAX_FIRINGS
                && (first == null || !f.isAfter(local(first).plus(MARGIN))); f = cron.next(f), seen++) {
            Instant at = instant(f);
            if (at.isAfter(from) && (first == null || at.isBefore(first))) {
                first = at;
            }
        }
        return Optional.ofNullable(first);
    }

    /** When the window opening at {@code start} closes, counting openings that overlap it. */
    Instant endOf(Instant start) {
        return openUntil(start).orElse(start.plus(duration));
    }

    /** The latest end of the firings in {@code (t - duration, t]}, or null when none is open at {@code t}. */
    private Instant latestEnd(Instant t, int[] budget) {
        Instant from = t.minus(duration);
        LocalDateTime last = local(t).plus(MARGIN);
        Instant end = null;
        for (LocalDateTime f = cron.next(local(from).minus(MARGIN)); f != null && !f.isAfter(last) && budget[0] > 0;
             f = cron.next(f), budget[0]--) {
            Instant at = instant(f);
            if (at.isAfter(from) && !at.isAfter(t) && (end == null || at.plus(duration).isAfter(end))) {
                end = at.plus(duration);
            }
        }
        return end != null && end.isAfter(t) ? end : null;
    }

    private LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at, zone);
    }

    /**
     * The zone's reading of a wall-clock firing: in a gap, shifted forward by the gap's length; in an overlap,
     * the earlier offset (so a repeated hour fires once).
     */
    private Instant instant(LocalDateTime firing) {
        return firing.atZone(zone).toInstant();
    }
}
