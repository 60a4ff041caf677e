package io.sextant.analysis;

import java.time.Duration;
import java.time.Instant;

/** Where measurements come from: Prometheus, or a backend's own metrics endpoint. */
public interface MeasurementSource {

    /**
     * A probe that reads {@code measure} for one version of {@code target}; refuses (with an
     * {@link IllegalArgumentException} naming the field) a measure this source cannot read.
     */
    Probe probe(Measure measure, Target target, String version, Duration interval);

    /** Reads one measure of one version, again and again; it may keep what it needs between reads. */
    interface Probe {

        /** Called once when the analysis starts, one interval before the first read. */
        default void start(Instant now) {
        }

        /** The value now; never throws for a source that cannot be read, returns a {@link Reading.Failure}. */
        Reading read(Instant now);
    }
}
