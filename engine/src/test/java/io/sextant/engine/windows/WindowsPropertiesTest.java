package io.sextant.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Global windows from {@code sextant.sync-windows[]}: bound, and refused at start-up naming the entry. */
class WindowsPropertiesTest {

    static WindowsProperties bind(Map<String, String> entry) {
        Map<String, String> properties = new HashMap<>();
        entry.forEach((key, value) -> properties.put("sextant.sync-windows[0]." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sextant", WindowsProperties.class);
    }

    static Map<String, String> freeze() {
        return new HashMap<>(Map.of("name", "holidays", "type", "deny", "schedule", "0 0 24 12 *", "duration", "72h",
                "time-zone", "Europe/Berlin", "namespaces", "search,ranking"));
    }

    @Test
    void bindsAGlobalFreezeForTheNamespacesItNames() {
        WindowsProperties.Entry entry = bind(freeze()).syncWindows().get(0);
        assertThat(entry.duration()).isEqualTo(Duration.ofHours(72));
        assertThat(entry.namespaces()).containsExactly("search", "ranking");
        assertThat(entry.manualSync()).isFalse();
    }

    @Test
    void refusesABadCronAnUnknownZoneAndAZeroDurationNamingTheKey() {
        Map<String, String> badCron = freeze();
        badCron.put("schedule", "0 0 32 12 *");
        assertThatThrownBy(() -> bind(badCron)).isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("sextant.sync-windows[0]: schedule '0 0 32 12 *' is not a valid cron");
        Map<String, String> badZone = freeze();
        badZone.put("time-zone", "Europe/Atlantis");
        assertThatThrownBy(() -> bind(badZone)).rootCause()
                .hasMessageContaining("sextant.sync-windows[0]: unknown time zone 'Europe/Atlantis'");
        Map<String, String> zero = freeze();
        zero.put("duration", "0s");
        assertThatThrownBy(() -> bind(zero)).rootCause()
                .hasMessageContaining("sextant.sync-windows[0]: duration must be positive");
        Map<String, String> type = freeze();
        type.put("type", "freeze");
        assertThatThrownBy(() -> bind(type)).rootCause()
                .hasMessageContaining("sextant.sync-windows[0].type: must be allow or deny");
    }
}
