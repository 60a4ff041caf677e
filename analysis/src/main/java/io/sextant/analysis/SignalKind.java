package io.sextant.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The serving signals a backend's own metrics give, named once for every backend. */
public enum SignalKind {
    /** Time to first token, seconds (a histogram). */
    TTFT("ttft", true),
    /** Inter-token latency (time per output token), seconds (a histogram). */
    ITL("itl", true),
    /** End-to-end request latency, seconds (a histogram). */
    E2E("e2e", true),
    /** Failed requests over finished requests in the interval, a fraction (counters). */
    ERROR_RATE("error-rate", false),
    /** Requests waiting for the engine, now (a gauge). */
    QUEUE_DEPTH("queue-depth", false),
    /** Requests running, now (a gauge). */
    RUNNING("running", false),
    /** Fraction of the KV cache in use, now (a gauge). */
    KV_CACHE_USAGE("kv-cache-usage", false);

    private final String key;
    private final boolean latency;

    SignalKind(String key, boolean latency) {
        this.key = key;
        this.latency = latency;
    }

    public String key() {
        return key;
    }

    /** Whether the signal is a latency histogram, read at a quantile. */
    public boolean latency() {
        return latency;
    }

    /** Whether the signal is what happened over the interval (two scrapes), not a gauge read now. */
    public boolean overInterval() {
        return latency || this == ERROR_RATE;
    }

    /** The signal of a key ({@code ttft}, {@code error-rate}, ...); an error lists the known ones. */
    public static SignalKind of(String key) {
        for (SignalKind kind : values()) {
            if (kind.key.equals(key.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("signal: unknown '" + key + "'; known: "
                + Arrays.stream(values()).map(SignalKind::key).collect(Collectors.joining(", ")));
    }
}
