package io.sextant.engine.windows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Global sync windows ({@code sextant.sync-windows[]}), added to the ones teams keep in Git. Each is checked
 * as it binds, so a bad cron, an unknown time zone or a zero duration refuses start-up naming the entry.
 *
 * @param syncWindows the windows, in order
 */
@ConfigurationProperties("sextant")
public record WindowsProperties(List<Entry> syncWindows) {

    public WindowsProperties {
        syncWindows = syncWindows == null ? List.of() : List.copyOf(syncWindows);
        for (int i = 0; i < syncWindows.size(); i++) {
            Entry entry = syncWindows.get(i);
            String key = "sextant.sync-windows[" + i + "]";
            if (entry.name() == null || entry.name().isBlank()) {
                throw new IllegalArgumentException(key + ".name: required (messages and the API name the window by it)");
            }
            if (!"allow".equals(entry.type()) && !"deny".equals(entry.type())) {
                throw new IllegalArgumentException(key + ".type: must be allow or deny, was " + entry.type());
            }
            if (entry.schedule() == null) {
                throw new IllegalArgumentException(key + ".schedule: required, a five-field cron such as \"0 22 * * *\"");
            }
            if (entry.duration() == null) {
                throw new IllegalArgumentException(key + ".duration: required, such as 10h");
            }
            try {
                entry.times();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage()); // the message says it all
            }
        }
    }

    /**
     * One global window: the fields of a {@code SyncWindow}'s spec plus the namespaces it governs.
     *
     * @param name        how messages and the API name it
     * @param type        {@code allow} or {@code deny}
     * @param schedule    five-field cron, read in {@code timeZone}
     * @param duration    how long each opening lasts (elapsed time)
     * @param timeZone    IANA zone; default UTC
     * @param manualSync  whether a manual sync may apply while it holds changes
     * @param namespaces  namespaces governed; empty for all
     * @param kinds       kinds governed; empty for all
     * @param backends    backends governed; empty for all
     * @param sources     sources governed; empty for all
     * @param matchLabels labels a governed resource carries; empty for no label criterion
     */
    public record Entry(String name, String type, String schedule, Duration duration,
                        @DefaultValue("UTC") String timeZone, @DefaultValue("false") boolean manualSync,
                        List<String> namespaces, List<String> kinds, List<String> backends, List<String> sources,
                        Map<String, String> matchLabels) {

        public Entry {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
            backends = backends == null ? List.of() : List.copyOf(backends);
            sources = sources == null ? List.of() : List.copyOf(sources);
            matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        }

        WindowTimes times() {
            return WindowTimes.of(schedule, timeZone, duration);
        }
    }
}
