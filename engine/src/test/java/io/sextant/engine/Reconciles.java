package io.sextant.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Reconcile runs an in-process engine has finished, from its own {@code sextant.reconcile} timer: what a
 * test waits on to know a window it asserts absence over was really observed, instead of sleeping.
 */
final class Reconciles {

    private Reconciles() {
    }

    /** Runs finished so far that {@code trigger} (poll, webhook, drift, manual) started. */
    static long finished(MeterRegistry meters, String trigger) {
        return meters.find("sextant.reconcile").tag("trigger", trigger).timers().stream().mapToLong(Timer::count).sum();
    }

    /** Waits until {@code more} runs started by {@code trigger} have finished after {@code since} had. */
    static void awaitMore(MeterRegistry meters, String trigger, long since, int more, Duration timeout) {
        EngineClient.await(more + " more " + trigger + " reconciles finished", timeout,
                () -> finished(meters, trigger) >= since + more);
    }
}
