package io.sextant.spec.kinds;

import io.sextant.plugin.Kind;
import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.time.Duration;
import java.util.List;

/**
 * {@code SyncWindow}: when changes to the resources it selects may apply (an allow window) or must wait (a
 * deny window). Engine-side: no backend holds it; the engine reads it when it decides whether a step runs.
 */
public record SyncWindow(Metadata metadata, Spec spec) implements Resource {

    public static final Kind KIND = Kind.of("SyncWindow");

    @Override
    public Kind kind() {
        return KIND;
    }

    /**
     * @param type       {@code allow} or {@code deny}
     * @param schedule   five-field cron (minute hour day-of-month month day-of-week), or a macro such as {@code @daily}
     * @param duration   how long each window lasts from a firing of {@code schedule}, in elapsed time
     * @param timeZone   IANA zone the schedule is read in
     * @param manualSync whether a manual sync may still apply while the window holds changes
     * @param selector   which resources of the window's namespace it governs
     */
    public record Spec(String type, String schedule, Duration duration, String timeZone, boolean manualSync,
                       Selector selector) {}

    /**
     * Every given criterion must match; an empty selector governs every resource of the namespace.
     *
     * @param labels null for no label criterion
     */
    public record Selector(List<String> kinds, List<String> backends, List<String> sources, LabelSelector labels) {

        public Selector {
            kinds = List.copyOf(kinds);
            backends = List.copyOf(backends);
            sources = List.copyOf(sources);
        }

        static final Selector ALL = new Selector(List.of(), List.of(), List.of(), null);
    }
}
