package io.sextant.engine.windows;

import io.sextant.engine.reconcile.WindowGate.Held;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What the windows governing one change decide at one instant: whether it waits, which window it names,
 * and the earliest time no deny window is open and (when allow windows govern it) an allow window is.
 */
final class Verdicts {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private Verdicts() {
    }

    static Optional<Held> held(List<Window> governing, Instant now, int maxHops) {
        List<Window> allows = governing.stream().filter(w -> !w.deny()).toList();
        List<Window> denies = governing.stream().filter(Window::deny).toList();
        Instant t = now;
        Window blamed = null;
        for (int hop = 0; hop < maxHops; hop++) {
            Instant at = t;
            List<Window> open = denies.stream().filter(w -> w.times().openUntil(at).isPresent()).toList();
            if (!open.isEmpty()) {
                blamed = blamed == null ? open.get(0) : blamed;
                t = open.stream().map(w -> w.times().openUntil(at).orElseThrow()).max(Instant::compareTo).orElseThrow();
                continue;
            }
            if (!allows.isEmpty() && allows.stream().noneMatch(w -> w.times().openUntil(at).isPresent())) {
                blamed = blamed == null ? allows.get(0) : blamed;
                Optional<Instant> next = allows.stream().map(w -> w.times().nextStart(at)).flatMap(Optional::stream)
                        .min(Instant::compareTo);
                if (next.isEmpty()) {
                    return Optional.of(new Held(SyncWindows.HELD_PREFIX + blamed.name() + " (no opening ahead)", null));
                }
                t = next.get();
                continue;
            }
            return blamed == null ? Optional.empty()
                    : Optional.of(new Held(SyncWindows.HELD_PREFIX + blamed.name() + " until "
                            + format(t, blamed.times().zone()), t));
        }
        return Optional.of(new Held(SyncWindows.HELD_PREFIX + blamed.name() + " (no time ahead when every window lets it through)", null));
    }

    /**
     * Whether a manual sync may pass the windows holding a change at {@code now}: every open deny window
     * governing it, and, outside every allow window, every allow window, says {@code manualSync: true}.
     */
    static boolean manualAllowed(List<Window> governing, Instant now) {
        List<Window> allows = governing.stream().filter(w -> !w.deny()).toList();
        boolean denies = governing.stream().filter(w -> w.deny() && w.times().openUntil(now).isPresent())
                .allMatch(Window::manualSync);
        boolean outside = !allows.isEmpty() && allows.stream().noneMatch(w -> w.times().openUntil(now).isPresent());
        return denies && (!outside || allows.stream().allMatch(Window::manualSync));
    }

    /** As {@code 2026-12-04T08:00+01:00}: the window's own zone, seconds only when there are some. */
    static String format(Instant at, ZoneId zone) {
        var local = at.atZone(zone);
        return (local.getSecond() == 0 && local.getNano() == 0 ? MINUTES : SECONDS).format(local);
    }
}
