package io.sextant.analysis.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatTest {

    /** As vLLM's prometheus_client writes it, with _created samples, float counts and an escaped label. */
    private static final String VLLM = """
            # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{engine="0",model_name="llama"} 3.0
            # HELP vllm:request_success_total Count of successfully processed requests.
            # TYPE vllm:request_success_total counter
            vllm:request_success_total{engine="0",finished_reason="stop",model_name="llama"} 170.0
            vllm:request_success_total{engine="0",finished_reason="abort",model_name="llama"} 8.0
            vllm:request_success_created{engine="0",finished_reason="stop",model_name="llama"} 1.7898432023697093e+09
            # TYPE vllm:time_to_first_token_seconds histogram
            vllm:time_to_first_token_seconds_bucket{engine="0",le="0.25",model_name="llama"} 102.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="0.5",model_name="llama"} 167.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="llama"} 178.0
            lora_info{path="C:\\\\lora\\"x\\"",running=""} 1 1700000000000
            """;

    @Test
    void readsVllmsExpositionWithTypesLabelsAndSpecialValues() {
        Scrape scrape = TextFormat.parse(VLLM);

        assertThat(scrape.types()).containsEntry("vllm:time_to_first_token_seconds", "histogram");
        assertThat(scrape.sum("vllm:num_requests_waiting", Map.of("model_name", "llama"))).isEqualTo(3.0);
        assertThat(scrape.sum("vllm:request_success_total", Map.of())).isEqualTo(178.0);
        assertThat(scrape.buckets("vllm:time_to_first_token_seconds", Map.of()))
                .containsEntry(0.25, 102.0).containsEntry(Double.POSITIVE_INFINITY, 178.0);
        assertThat(scrape.samples().get(scrape.samples().size() - 1).labels())
                .containsEntry("path", "C:\\lora\"x\"").containsEntry("running", "");
    }

    @Test
    void readsNaNAndInfinities() {
        Scrape scrape = TextFormat.parse("a NaN\nb +Inf\nc -Inf\nd 1e-3\n");

        assertThat(scrape.sum("a", Map.of())).isNaN();
        assertThat(scrape.sum("b", Map.of())).isInfinite();
        assertThat(scrape.sum("d", Map.of())).isEqualTo(0.001);
    }

    @Test
    void refusesWhatPrometheusWouldRefuseNamingTheLine() {
        assertThatThrownBy(() -> TextFormat.parse("# TYPE a gauge\na 1d\n"))
                .hasMessage("line 2: a: '1d' is not a number");
        assertThatThrownBy(() -> TextFormat.parse("a{b=\"1\" 2\n"))
                .hasMessageStartingWith("line 1: expected ',' or '}' after label b");
        assertThatThrownBy(() -> TextFormat.parse("ok 1\na{b=\"x\\q\"} 2\n"))
                .hasMessage("line 2: label b: unknown escape \\q");
        assertThatThrownBy(() -> TextFormat.parse("a{b=\"1\",b=\"2\"} 1\n"))
                .hasMessage("line 1: label b twice in one series");
        assertThatThrownBy(() -> TextFormat.parse("a 1 2 3\n")).hasMessageStartingWith("line 1: a: expected a value");
        assertThatThrownBy(() -> TextFormat.parse("a 1 1.5\n")).hasMessageContaining("not whole milliseconds");
        assertThatThrownBy(() -> TextFormat.parse("# TYPE a gauge\n# TYPE a counter\n"))
                .hasMessage("line 2: a second TYPE line for a");
        assertThatThrownBy(() -> TextFormat.parse("{a=\"1\"} 1\n")).hasMessageContaining("expected a metric name");
    }
}
