package io.sextant.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows across daylight-saving changes, in Europe/Berlin and America/New_York, on a hand-moved clock. */
class WindowTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Window deny(String schedule, String zone, Duration duration) {
        return new Window("search/freeze", "git", "platform", true, WindowTimes.of(schedule, zone, duration), false,
                List.of("search"), List.of(), List.of(), List.of(), null);
    }

    @Test
    void aNightlyFreezeOverTheFallBackNightLastsTenHoursOfElapsedTime() {
        // 2026-10-25: Berlin goes from 03:00 CEST back to 02:00 CET.
        MutableClock clock = new MutableClock(Instant.parse("2026-10-24T19:59:00Z"));
        WindowTimes times = WindowTimes.of("0 22 * * *", "Europe/Berlin", Duration.ofHours(10));
        assertThat(times.openUntil(clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(1)); // 22:00 CEST
        assertThat(times.openUntil(clock.instant())).contains(Instant.parse("2026-10-25T06:00:00Z"));
        assertThat(Verdicts.format(Instant.parse("2026-10-25T06:00:00Z"), BERLIN)).isEqualTo("2026-10-25T07:00+01:00");
        clock.advance(Duration.ofHours(10).minusSeconds(1));
        assertThat(times.openUntil(clock.instant())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(times.openUntil(clock.instant())).isEmpty();
    }

    @Test
    void aFiringInTheRepeatedHourOpensTheWindowOnce() {
        WindowTimes times = WindowTimes.of("30 2 * * *", "Europe/Berlin", Duration.ofMinutes(20));
        assertThat(times.openUntil(Instant.parse("2026-10-25T00:35:00Z"))).contains(Instant.parse("2026-10-25T00:50:00Z"));
        // 02:35 CET, the second 02:35 of the night: the window does not open again.
        assertThat(times.openUntil(Instant.parse("2026-10-25T01:35:00Z"))).isEmpty();
        assertThat(times.nextStart(Instant.parse("2026-10-25T00:35:00Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void aFiringInTheSkippedHourOpensTheWindowAnHourLaterOnTheClock() {
        // 2026-03-29: Berlin skips from 02:00 CET to 03:00 CEST; 02:30 does not exist that night.
        WindowTimes times = WindowTimes.of("30 2 * * *", "Europe/Berlin", Duration.ofHours(1));
        Instant opened = times.nextStart(Instant.parse("2026-03-28T12:00:00Z")).orElseThrow();
        assertThat(opened.atZone(BERLIN).getDayOfMonth()).isEqualTo(29);
        assertThat(opened).isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
        assertThat(times.openUntil(Instant.parse("2026-03-29T02:00:00Z"))).contains(Instant.parse("2026-03-29T02:30:00Z"));
    }

    @Test
    void newYorkBusinessHoursFollowTheLocalClockAcrossSpringForwardAndFallBack() {
        WindowTimes hours = WindowTimes.of("0 9 * * 1-5", "America/New_York", Duration.ofHours(8));
        // Friday 2026-03-06, EST (UTC-5): 14:00Z-22:00Z.
        assertThat(hours.openUntil(Instant.parse("2026-03-06T14:00:00Z"))).contains(Instant.parse("2026-03-06T22:00:00Z"));
        // Monday 2026-03-09, after spring-forward, EDT (UTC-4): 13:00Z-21:00Z.
        assertThat(hours.nextStart(Instant.parse("2026-03-06T23:00:00Z"))).contains(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(hours.openUntil(Instant.parse("2026-03-09T13:30:00Z"))).contains(Instant.parse("2026-03-09T21:00:00Z"));
        // Monday 2026-11-02, after fall-back, EST again: 14:00Z.
        assertThat(hours.nextStart(Instant.parse("2026-10-31T00:00:00Z"))).contains(Instant.parse("2026-11-02T14:00:00Z"));
        assertThat(hours.openUntil(Instant.parse("2026-11-02T13:30:00Z"))).isEmpty();
    }

    @Test
    void aFreezeOverNewYorksSpringForwardNightEndsAtTheSameElapsedTime() {
        Window freeze = deny("0 22 * * *", "America/New_York", Duration.ofHours(10));
        // Opens Saturday 2026-03-07 22:00 EST (03:00Z); ten hours later it is 09:00 EDT.
        Instant inside = Instant.parse("2026-03-08T12:00:00Z");
        assertThat(Verdicts.held(List.of(freeze), inside, 10)).get()
                .satisfies(held -> {
                    assertThat(held.until()).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
                    assertThat(held.message()).isEqualTo("held by sync window search/freeze until 2026-03-08T09:00-04:00");
                });
        assertThat(Verdicts.held(List.of(freeze), Instant.parse("2026-03-08T13:00:00Z"), 10)).isEmpty();
    }

    @Test
    void denyWinsOverAnOpenAllowWindowAndTheChangeWaitsForBoth() {
        Window allowAlways = new Window("config/always", "config", null, false,
                WindowTimes.of("0 * * * *", "UTC", Duration.ofHours(1)), false, List.of(), List.of(), List.of(),
                List.of(), null);
        Window freeze = deny("0 22 * * *", "Europe/Berlin", Duration.ofHours(10));
        assertThat(Verdicts.held(List.of(allowAlways, freeze), Instant.parse("2026-12-03T22:00:00Z"), 10)).get()
                .satisfies(held -> assertThat(held.message())
                        .isEqualTo("held by sync window search/freeze until 2026-12-04T08:00+01:00"));
    }

    @Test
    void outsideEveryAllowWindowAChangeWaitsForTheNextOpening() {
        Window hours = new Window("search/hours", "git", "platform", false,
                WindowTimes.of("0 9 * * 1-5", "Europe/Berlin", Duration.ofHours(8)), false, List.of("search"),
                List.of(), List.of(), List.of(), null);
        // Saturday 2026-12-05 noon: next opening Monday 09:00 CET.
        assertThat(Verdicts.held(List.of(hours), Instant.parse("2026-12-05T11:00:00Z"), 10)).get()
                .satisfies(held -> assertThat(held.message())
                        .isEqualTo("held by sync window search/hours until 2026-12-07T09:00+01:00"));
        assertThat(Verdicts.held(List.of(hours), Instant.parse("2026-12-07T08:00:00Z"), 10)).isEmpty();
    }

    @Test
    void refusesSchedulesZonesAndDurationsThatCannotOpenAWindow() {
        assertThatThrownBy(() -> WindowTimes.of("0 22 * *", "UTC", Duration.ofHours(1)))
                .hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> WindowTimes.of("0 22 * * *", "Mars/Olympus", Duration.ofHours(1)))
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> WindowTimes.of("0 22 * * *", "UTC", Duration.ZERO))
                .hasMessageContaining("duration must be positive");
    }
}
