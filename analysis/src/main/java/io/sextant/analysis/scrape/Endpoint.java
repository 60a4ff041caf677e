package io.sextant.analysis.scrape;

import java.io.IOException;

/** A metrics endpoint in the Prometheus text format: a backend's {@code /metrics}, or the sim's. */
@FunctionalInterface
public interface Endpoint {

    /** The exposition now; an {@link IOException} says why it could not be read. */
    String scrape() throws IOException;
}
