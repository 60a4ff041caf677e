package io.sextant.appliers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every backend reads a duration setting as Spring Boot binds one, in the units that setting allows. */
class DurationFormatTest {

    private static final DurationFormat SECONDS = new DurationFormat("10s or PT10S", Set.of("ms", "s", "m", "h"));
    private static final DurationFormat FINE = new DurationFormat("10ms or PT0.01S", DurationFormat.ALL_UNITS);

    @Test
    void readsSimpleIsoAndBareMillisecondValues() {
        assertThat(SECONDS.read("10 S", "timeout")).isEqualTo(Duration.ofSeconds(10));
        assertThat(SECONDS.read("PT2M", "timeout")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SECONDS.read("1500", "timeout")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SECONDS.read(1500L, "timeout")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SECONDS.read(Duration.ofHours(1), "timeout")).isEqualTo(Duration.ofHours(1));
        assertThat(FINE.read("7us", "latency")).isEqualTo(Duration.ofNanos(7000));
        assertThat(FINE.read("1d", "latency")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aUnitTheSettingDoesNotAllowIsReportedWithTheSettingsExample() {
        assertThatThrownBy(() -> SECONDS.read("1d", "backend 'a' (type triton): setting 'timeout'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend 'a' (type triton): setting 'timeout' must be a duration such as 10s or PT10S, got '1d'");
    }

    @Test
    void aDurationTooLargeToHoldIsReportedLikeAnyBadValue() {
        assertThatThrownBy(() -> SECONDS.parse("9999999999999999h", "setting 'timeout'"))
                .hasMessage("setting 'timeout' must be a duration such as 10s or PT10S, got '9999999999999999h'");
        assertThatThrownBy(() -> FINE.parse("99999999999999999999ms", "setting 'latency'"))
                .hasMessage("setting 'latency' must be a duration such as 10ms or PT0.01S, got '99999999999999999999ms'");
    }

    @Test
    void refusesAUnitSpringBootDoesNotKnow() {
        assertThatThrownBy(() -> new DurationFormat("10w", Set.of("w")))
                .hasMessageContaining("units must be among");
    }
}
