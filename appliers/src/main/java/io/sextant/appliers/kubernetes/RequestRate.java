package io.sextant.appliers.kubernetes;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The client-side request rate of one backend, as client-go's token bucket: {@code qps} requests a second
 * on average, up to {@code burst} at once after a quiet spell. A qps of 0 is no client-side limit: the API
 * server's priority and fairness then paces Sextant with 429s, whose Retry-After {@link KubeApi} honours.
 */
final class RequestRate {

    private final double qps;
    private final double burst;
    private double tokens;
    private long refilledAt = System.nanoTime();

    RequestRate(double qps, int burst) {
        this.qps = qps;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
    }

    /** Waits until a request may be sent; returns at once when there is no limit. */
    void acquire() throws InterruptedException {
        if (qps <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * qps);
            refilledAt = now;
            tokens -= 1;
            // A negative balance is the queue: this caller waits for its own token to be refilled.
            wait = tokens >= 0 ? 0 : (long) (-tokens / qps * 1e9);
        }
        long end = System.nanoTime() + wait;
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            wait = end - System.nanoTime();
        }
    }

    @Override
    public String toString() {
        return qps <= 0 ? "no limit" : qps + " qps, burst " + (int) burst + " (" + TimeUnit.SECONDS.toMillis(1) / qps
                + " ms a request)";
    }
}
