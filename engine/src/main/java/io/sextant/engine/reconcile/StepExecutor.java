package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Adoptions;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one plan step against its backend, retrying transient failures per the retry policy. */
final class StepExecutor {

    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    private final RetryPolicy retry;
    private final RandomGenerator random;
    private final Sleeper sleeper;

    /** Waits between attempts; tests replace it to run without real delays. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    StepExecutor(RetryPolicy retry, RandomGenerator random, Sleeper sleeper) {
        this.retry = retry;
        this.random = random;
        this.sleeper = sleeper;
    }

    StepOutcome execute(PlanStep step, Applier applier) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                if (step.action() == Action.DELETE) {
                    applier.delete(step.key());
                    return new StepOutcome.Applied(null, millisSince(started));
                }
                var observed = applier.apply(step.desired());
                var adopted = applier.facet(Adoptions.class).map(a -> a.takeAdopted(step.key()))
                        .orElse(java.util.List.of());
                return new StepOutcome.Applied(observed, millisSince(started), adopted);
            } catch (BackendException e) {
                if (!e.isTransient() || attempt >= retry.maxAttempts()) {
                    String error = e.isTransient()
                            ? e.getMessage() + " (gave up after " + attempt + " attempts)"
                            : e.getMessage();
                    return new StepOutcome.Failed(error, millisSince(started));
                }
                Duration delay = retry.delayAfter(attempt, random);
                log.warn("{} {} on {}: attempt {} failed, retrying in {} ms: {}", step.action().apiName(), step.key(),
                        applier.name(), attempt, delay.toMillis(), e.getMessage());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new StepOutcome.Failed("interrupted while retrying: " + e.getMessage(), millisSince(started));
                }
            } catch (RuntimeException e) {
                // An applier bug must fail this step, not the whole reconcile.
                log.error("{} {} on {} failed unexpectedly", step.action().apiName(), step.key(), applier.name(), e);
                return new StepOutcome.Failed("internal error: " + e, millisSince(started));
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
