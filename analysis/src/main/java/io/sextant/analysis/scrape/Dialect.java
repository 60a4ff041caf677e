package io.sextant.analysis.scrape;

import io.sextant.analysis.Reading;
import io.sextant.analysis.SignalKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a serving engine names its signals in its own {@code /metrics}. The names and types are the
 * engines' published ones: vLLM (V1 engine, prefix {@code vllm:}, labels {@code model_name} and
 * {@code engine}) and Triton ({@code nv_inference_*}, labels {@code model} and {@code version}).
 */
public enum Dialect {
    VLLM, TRITON;

    /** vLLM counts finished requests by reason; these did not give the client its answer. */
    private static final List<String> VLLM_FAILED = List.of("abort", "error");

    /** Whether this engine's metrics carry {@code kind}; the direct source refuses the others up front. */
    public boolean supports(SignalKind kind) {
        return switch (this) {
            case VLLM -> true;
            case TRITON -> kind == SignalKind.TTFT || kind == SignalKind.E2E || kind == SignalKind.ERROR_RATE
                    || kind == SignalKind.QUEUE_DEPTH;
        };
    }

    /** Reads {@code kind} from two scrapes an interval apart (gauges from the later one). */
    Reading read(SignalKind kind, double quantile, Scrape before, Scrape after, Map<String, String> selector) {
        return switch (this) {
            case VLLM -> vllm(kind, quantile, before, after, selector);
            case TRITON -> triton(kind, quantile, before, after, selector);
        };
    }

    private static Reading vllm(SignalKind kind, double q, Scrape before, Scrape after, Map<String, String> sel) {
        return switch (kind) {
            case TTFT -> quantile(q, "vllm:time_to_first_token_seconds", 1, before, after, sel);
            // vLLM 0.11 renamed time per output token to inter-token latency; older servers have the old name.
            case ITL -> quantile(q, after.has("vllm:inter_token_latency_seconds_bucket")
                    ? "vllm:inter_token_latency_seconds" : "vllm:time_per_output_token_seconds", 1, before, after, sel);
            case E2E -> quantile(q, "vllm:e2e_request_latency_seconds", 1, before, after, sel);
            case ERROR_RATE -> {
                String name = "vllm:request_success_total";
                double total = increase(before.sum(name, sel), after.sum(name, sel));
                double failed = increase(before.sumWhere(name, sel, "finished_reason", VLLM_FAILED),
                        after.sumWhere(name, sel, "finished_reason", VLLM_FAILED));
                yield ratio(failed, total, name);
            }
            case QUEUE_DEPTH -> gauge(after, "vllm:num_requests_waiting", sel);
            case RUNNING -> gauge(after, "vllm:num_requests_running", sel);
            // Renamed from gpu_cache_usage_perc in the V1 engine; both are a fraction from 0 to 1.
            case KV_CACHE_USAGE -> gauge(after, after.has("vllm:kv_cache_usage_perc")
                    ? "vllm:kv_cache_usage_perc" : "vllm:gpu_cache_usage_perc", sel);
        };
    }

    private static Reading triton(SignalKind kind, double q, Scrape before, Scrape after, Map<String, String> sel) {
        return switch (kind) {
            // Only for decoupled (streaming) models, in milliseconds.
            case TTFT -> quantile(q, "nv_inference_first_response_histogram_ms", 0.001, before, after, sel);
            // Triton keeps no request latency histogram by default: the mean over the interval, from counters.
            case E2E -> {
                double micros = increase(before.sum("nv_inference_request_duration_us", sel),
                        after.sum("nv_inference_request_duration_us", sel));
                double requests = increase(before.sum("nv_inference_request_success", sel),
                        after.sum("nv_inference_request_success", sel))
                        + increase(before.sum("nv_inference_request_failure", sel),
                        after.sum("nv_inference_request_failure", sel));
                yield requests > 0 ? Reading.of(micros / requests / 1e6, "mean request duration")
                        : new Reading.NoData("no requests finished in the interval");
            }
            case ERROR_RATE -> {
                double ok = increase(before.sum("nv_inference_request_success", sel),
                        after.sum("nv_inference_request_success", sel));
                double failed = increase(before.sum("nv_inference_request_failure", sel),
                        after.sum("nv_inference_request_failure", sel));
                yield ratio(failed, ok + failed, "nv_inference_request_success");
            }
            case QUEUE_DEPTH -> gauge(after, "nv_inference_pending_request_count", sel);
            default -> new Reading.NoData("Triton's metrics have no " + kind.key());
        };
    }

    private static Reading quantile(double q, String family, double toSeconds, Scrape before, Scrape after,
                                    Map<String, String> sel) {
        TreeMap<Double, Double> now = after.buckets(family, sel);
        if (now.isEmpty()) {
            return new Reading.NoData("no series " + family + "_bucket" + (sel.isEmpty() ? "" : " with " + sel));
        }
        double value = Histograms.quantile(q, Histograms.increase(before.buckets(family, sel), now));
        return Double.isNaN(value) ? new Reading.NoData("no requests observed by " + family + " in the interval")
                : new Reading.Value(value * toSeconds);
    }

    private static Reading gauge(Scrape after, String name, Map<String, String> sel) {
        double value = after.sum(name, sel);
        return Double.isNaN(value) ? new Reading.NoData("no series " + name + (sel.isEmpty() ? "" : " with " + sel))
                : Reading.of(value, name);
    }

    private static Reading ratio(double part, double total, String name) {
        if (Double.isNaN(total)) {
            return new Reading.NoData("no series " + name);
        }
        return total > 0 ? new Reading.Value(part / total)
                : new Reading.NoData("no requests finished in the interval");
    }

    /** A counter's increase; after a restart (it went down) its whole value since the restart. */
    private static double increase(double before, double after) {
        if (Double.isNaN(after)) {
            return Double.NaN;
        }
        if (Double.isNaN(before) || after < before) {
            return after;
        }
        return after - before;
    }
}
