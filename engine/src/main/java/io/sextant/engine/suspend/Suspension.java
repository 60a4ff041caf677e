package io.sextant.engine.suspend;

import io.sextant.plugin.ResourceKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One suspension: changes to a resource, or to every resource of a source, are held until it is resumed.
 *
 * @param target      what is suspended
 * @param suspendedBy who suspended it: the person's e-mail (or subject) with single sign-on, {@code admin-token}
 *                    for the engine's token
 * @param suspendedAt when
 * @param reason      why, as given; null when none was
 */
public record Suspension(Target target, String suspendedBy, Instant suspendedAt, String reason) {

    public Suspension {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(suspendedBy, "suspendedBy");
        Objects.requireNonNull(suspendedAt, "suspendedAt");
    }

    /** What can be suspended: a whole source or one resource. */
    public sealed interface Target permits OfSource, OfResource {}

    /** Every resource of a source. */
    public record OfSource(String name) implements Target {}

    /** One resource, whichever source holds it. */
    public record OfResource(ResourceKey key) implements Target {}

    /** The status message of a held change: "suspended by ada@example.com at 2026-...Z: reason". */
    public String message() {
        String what = target instanceof OfSource source ? "source " + source.name() + " suspended" : "suspended";
        return what + " by " + suspendedBy + " at " + suspendedAt + (reason == null ? "" : ": " + reason);
    }
}
