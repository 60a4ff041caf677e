package io.sextant.engine.windows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a window is open: each firing of a five-field cron schedule, read in a time zone, opens it for a
 * duration of elapsed time. Firings come from Spring's {@link CronExpression} on zoned times, so daylight
 * saving is the zone's: a firing in a skipped hour (02:30 on a spring-forward night) opens at the same
 * instant one hour on the clock later (03:30), and a firing in a repeated hour opens once, at its first
 * occurrence. Durations are elapsed time, so a 10h window opened at 22:00 on a fall-back night closes at
 * 07:00 local time. Windows whose openings overlap or touch are one window.
 *
 * @param schedule as written (five fields or a macro), for display
 */
record WindowTimes(String schedule, CronExpression cron, ZoneId zone, Duration duration) {

    /** Bounds the firings looked at from one instant: a minutely schedule with a 31-day duration. */
    private static final int MAX_FIRINGS = 50_000;

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
        CronExpression cron = CronExpression.parse(text.startsWith("@") ? text : "0 " + text);
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
        ZonedDateTime from = now.minus(duration).atZone(zone);
        Instant end = null;
        int seen = 0;
        for (ZonedDateTime f = cron.next(from); f != null && !f.toInstant().isAfter(now) && seen < MAX_FIRINGS;
             f = cron.next(f), seen++) {
            end = f.toInstant().plus(duration); // the latest firing so far ends last
        }
        if (end == null || !end.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(extend(end));
    }

    /** The next opening strictly after {@code after} that does not continue a window open at it. */
    Optional<Instant> nextStart(Instant after) {
        Instant from = openUntil(after).orElse(after);
        ZonedDateTime next = cron.next(from.atZone(zone));
        if (next != null && next.toInstant().equals(from)) {
            next = cron.next(next);
        }
        return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
    }

    /** When the window opening at {@code start} closes, counting openings that overlap it. */
    Instant endOf(Instant start) {
        return extend(start.plus(duration));
    }

    private Instant extend(Instant end) {
        int seen = 0;
        // A firing before the end (or at it) keeps the window open without a gap.
        for (ZonedDateTime f = cron.next(end.minusNanos(1).atZone(zone)); f != null && !f.toInstant().isAfter(end)
                && seen < MAX_FIRINGS; f = cron.next(f), seen++) {
            end = f.toInstant().plus(duration);
        }
        return end;
    }
}
