package io.sextant.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code bench --restart} runs.
 *
 * @param runs               kill-and-restart cycles measured
 * @param jar                the engine jar to start (absolute; it exists)
 * @param jvmArgs            options for the engine's JVM, such as {@code -XX:SharedArchiveFile=...}
 * @param backendLatency     added to every call of the sim backend, so that a sync lasts long enough to be killed
 * @param datasourceUrl      a PostgreSQL JDBC URL for the {@code postgres} profile (the bench makes and drops a
 *                           schema of its own there), or null for the embedded default's H2 file
 * @param datasourceUsername its user
 * @param datasourcePassword its password
 * @param keep               keep the data directory, engine log and database schema
 */
record RestartOptions(int runs, Path jar, List<String> jvmArgs, Duration backendLatency, String datasourceUrl,
                      String datasourceUsername, String datasourcePassword, boolean keep) {

    RestartOptions {
        jvmArgs = List.copyOf(jvmArgs);
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1");
        }
        if (datasourceUrl != null && !datasourceUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--datasource-url must be a jdbc:postgresql: URL, got '" + datasourceUrl + "'");
        }
    }

    boolean postgres() {
        return datasourceUrl != null;
    }
}
