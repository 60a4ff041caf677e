package io.sextant.engine.windows;

import io.sextant.plugin.LabelSelector;
import java.util.List;
import java.util.Map;

/**
 * One sync window, from Git (a {@code SyncWindow} resource) or from engine configuration.
 *
 * @param name       how messages name it: {@code namespace/name} for a window from Git, {@code config/name} for one
 *                   from {@code sextant.sync-windows}
 * @param origin     {@code git} or {@code config}
 * @param source     the source a window from Git was read from; null for configuration
 * @param deny       a deny window (else allow)
 * @param namespaces the namespaces it governs: its own for a window from Git; empty for every namespace
 * @param labels     null for no label criterion
 */
record Window(String name, String origin, String source, boolean deny, WindowTimes times, boolean manualSync,
              List<String> namespaces, List<String> kinds, List<String> backends, List<String> sources,
              LabelSelector labels) {

    Window {
        namespaces = List.copyOf(namespaces);
        kinds = List.copyOf(kinds);
        backends = List.copyOf(backends);
        sources = List.copyOf(sources);
    }

    /** What a change is, as far as windows select it. */
    record Target(String kind, String namespace, String name, String backend, String source,
                  Map<String, String> labels) {}

    /** Whether this window governs changes to {@code target}: every criterion given must match. */
    boolean governs(Target target) {
        return in(namespaces, target.namespace()) && in(kinds, target.kind()) && in(backends, target.backend())
                && in(sources, target.source()) && (labels == null || labels.matches(target.labels()));
    }

    private static boolean in(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }
}
