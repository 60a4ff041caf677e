package io.sextant.appliers.sim;

import io.sextant.appliers.api.Applier;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synthetic serving metrics of the {@code sim} backend, one set per version of a model, in vLLM's
 * {@code /metrics} names and types (time to first token, inter-token latency, end-to-end latency, requests
 * by finish reason, queue, KV cache), so that canary analysis reads the sim as it reads a vLLM server.
 * Every version serves healthy traffic until {@link #degrade} makes one slow or failing: the knob for
 * demos and tests of an aborted canary. Traffic is a steady rate of the time asked about, never of a
 * thread: counters grow with the {@code now} each read passes, from the first read of a version on.
 */
public final class SimServingMetrics {

    /** How a version serves: latencies in seconds, the fraction of requests that fail, and the load. */
    public record Profile(double ttftSeconds, double itlSeconds, double errorRate, double requestsPerSecond) {
        public Profile {
            if (!(ttftSeconds > 0 && itlSeconds > 0 && errorRate >= 0 && errorRate <= 1 && requestsPerSecond >= 0)) {
                throw new IllegalArgumentException("a serving profile needs positive latencies, an error rate in"
                        + " [0, 1] and a non-negative request rate");
            }
        }
    }

    /** What every version serves until told otherwise. */
    public static final Profile HEALTHY = new Profile(0.12, 0.025, 0.002, 20);

    private static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
        2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] ITL = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] E2E = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
        60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    /** Requests spread around the profile's latency, so a p95 is above the mean as in real traffic. */
    private static final double[] SPREAD = {0.6, 0.8, 1.0, 1.2};
    /** Output tokens per request, for the end-to-end latency. */
    private static final int TOKENS = 100;

    private final Map<String, Version> versions = new ConcurrentHashMap<>();

    /** The serving metrics of a {@code sim} backend; empty for any other backend. */
    public static Optional<SimServingMetrics> of(Applier applier) {
        return applier instanceof SimApplier sim ? Optional.of(sim.servingMetrics()) : Optional.empty();
    }

    /** From now on, {@code version} serves as {@code profile} (e.g. a time to first token of 2 s). */
    public void degrade(String version, Profile profile) {
        versions.computeIfAbsent(version, v -> new Version()).profile = Objects.requireNonNull(profile, "profile");
    }

    /** From now on, {@code version} serves healthy traffic again. */
    public void restore(String version) {
        degrade(version, HEALTHY);
    }

    /** The exposition of {@code version} at {@code now}, as vLLM's {@code GET /metrics} answers it. */
    public String text(String version, Instant now) {
        Version v = versions.computeIfAbsent(version, k -> new Version());
        synchronized (v) {
            v.advance(now);
            return v.render(version);
        }
    }

    private static final class Version {
        volatile Profile profile = HEALTHY;
        private Instant last;
        private double carry;
        private double errorCarry;
        private long ok;
        private long aborted;
        private final long[] ttft = new long[TTFT.length + 1];
        private final long[] itl = new long[ITL.length + 1];
        private final long[] e2e = new long[E2E.length + 1];
        private double ttftSum;
        private double itlSum;
        private double e2eSum;

        void advance(Instant now) {
            if (last == null || !now.isAfter(last)) {
                last = last == null ? now : last;
                return;
            }
            Profile p = profile;
            carry += p.requestsPerSecond() * ((now.toEpochMilli() - last.toEpochMilli()) / 1000.0);
            last = now;
            long n = (long) carry;
            carry -= n;
            // Bulk counts per spread factor: the cost of a read does not grow with the time between reads.
            errorCarry += p.errorRate() * n;
            long failed = (long) errorCarry;
            errorCarry -= failed;
            aborted += failed;
            long good = n - failed;
            ok += good;
            for (int i = 0; i < SPREAD.length; i++) {
                long share = good / SPREAD.length + (i < good % SPREAD.length ? 1 : 0);
                double first = p.ttftSeconds() * SPREAD[i];
                double perToken = p.itlSeconds() * SPREAD[i];
                observe(ttft, TTFT, first, share);
                observe(itl, ITL, perToken, share);
                observe(e2e, E2E, first + TOKENS * perToken, share);
                ttftSum += first * share;
                itlSum += perToken * share;
                e2eSum += (first + TOKENS * perToken) * share;
            }
        }

        private static void observe(long[] counts, double[] bounds, double value, long n) {
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            counts[i] += n;
        }

        String render(String model) {
            String labels = "engine=\"0\",model_name=\"" + escape(model) + "\"";
            StringBuilder out = new StringBuilder(4096);
            Profile p = profile;
            gauge(out, "vllm:num_requests_running", labels, Math.round(p.requestsPerSecond() * p.ttftSeconds() + 1));
            gauge(out, "vllm:num_requests_waiting", labels, Math.max(0, Math.round(p.requestsPerSecond()
                    * (p.ttftSeconds() - HEALTHY.ttftSeconds()))));
            gauge(out, "vllm:kv_cache_usage_perc", labels, Math.min(1.0, 0.2 + p.ttftSeconds() / 4));
            out.append("# TYPE vllm:request_success_total counter\n");
            out.append("vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"")
                    .append(escape(model)).append("\"} ").append(num(ok)).append('\n');
            out.append("vllm:request_success_total{engine=\"0\",finished_reason=\"abort\",model_name=\"")
                    .append(escape(model)).append("\"} ").append(num(aborted)).append('\n');
            histogram(out, "vllm:time_to_first_token_seconds", model, TTFT, ttft, ttftSum);
            histogram(out, "vllm:inter_token_latency_seconds", model, ITL, itl, itlSum);
            histogram(out, "vllm:e2e_request_latency_seconds", model, E2E, e2e, e2eSum);
            return out.toString();
        }

        private static void gauge(StringBuilder out, String name, String labels, double value) {
            out.append("# TYPE ").append(name).append(" gauge\n").append(name).append('{').append(labels)
                    .append("} ").append(num(value)).append('\n');
        }

        private static void histogram(StringBuilder out, String name, String model, double[] bounds, long[] counts,
                                      double sum) {
            out.append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts[i];
                out.append(name).append("_bucket{engine=\"0\",le=\"").append(i == bounds.length ? "+Inf" : num(bounds[i]))
                        .append("\",model_name=\"").append(escape(model)).append("\"} ").append(num(cumulative))
                        .append('\n');
            }
            String labels = "{engine=\"0\",model_name=\"" + escape(model) + "\"} ";
            out.append(name).append("_count").append(labels).append(num(cumulative)).append('\n');
            out.append(name).append("_sum").append(labels).append(num(sum)).append('\n');
        }

        private static String num(double v) {
            return String.format(Locale.ROOT, "%s", v);
        }

        private static String escape(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }
}
