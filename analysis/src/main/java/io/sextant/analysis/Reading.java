package io.sextant.analysis;

import java.util.Objects;

/** What a source read for one version at one time. */
public sealed interface Reading {

    /** A number, in base units (seconds, a fraction for rates and percentages). */
    record Value(double value) implements Reading {
        public Value {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("a reading is a finite number, not " + value);
            }
        }
    }

    /** The source answered, but with nothing to judge (no series, no requests in the interval, NaN). */
    record NoData(String reason) implements Reading {
        public NoData {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The source could not be read; {@code message} names the source and what went wrong. */
    record Failure(String message) implements Reading {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    static Reading of(double value, String whatWasEmpty) {
        return Double.isNaN(value) || Double.isInfinite(value)
                ? new NoData(whatWasEmpty + " is " + value) : new Value(value);
    }
}
