package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.time.Duration;
import java.time.Instant;

/**
 * Asking the engine again until a condition holds or a deadline passes, for {@code wait} and {@code sync --wait}.
 * Polling rather than the dashboard's event stream: a status read is one small request per interval, it
 * survives an engine restart or a proxy that closes idle streams, and a lost event cannot hang it.
 */
final class Polling {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    static final Duration INTERVAL = Duration.ofMillis(500);

    /** One look at the engine: whether the condition holds now. */
    interface Check {
        boolean met() throws CliFailure;
    }

    private Polling() {
    }

    static Duration timeout(Arguments arguments) throws UsageException {
        return arguments.option("timeout") == null ? DEFAULT_TIMEOUT : ServerClient.timeout(arguments.option("timeout"));
    }

    /** Whether {@code check} was met before {@code timeout}; failures of a check end the wait at once. */
    static boolean until(Duration timeout, Check check) throws CliFailure {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (check.met()) {
                return true;
            }
            if (Instant.now().plus(INTERVAL).isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.ERROR, "interrupted");
            }
        }
    }
}
