package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.drift.api.FieldChange;
import io.sextant.spec.api.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure the paths a real reconcile takes, not an error path: their inputs load
 * cleanly, and the diffs find what they should. Nothing is timed here.
 */
class BenchmarkInputsTest {

    @Test
    void theDeploymentFileLoadsAsOneValidModelDeployment() {
        LoadResult result = new SpecLoadBenchmark().loadOneDeployment();

        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).singleElement()
                .satisfies(d -> assertThat(d.key().toString()).isEqualTo("ModelDeployment/search/llama-3-8b-chat"));
    }

    @Test
    void theFiftyDocumentFileLoadsFiftyDistinctDeployments() {
        LoadResult result = new SpecLoadBenchmark().loadFiftyDocumentFile();

        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).hasSize(Fixtures.FIFTY);
        assertThat(result.documents().stream().map(d -> d.key()).distinct()).hasSize(Fixtures.FIFTY);
    }

    @Test
    void anEqualLiveCopyHasNoDiffAndAScaledOneExactlyTheReplicas() {
        DiffBenchmark bench = new DiffBenchmark();

        assertThat(bench.diffEqual()).isEmpty();
        assertThat(bench.diffOneFieldChanged()).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("/spec/replicas");
            assertThat(change.from().asInt()).isEqualTo(3);
            assertThat(change.value().asInt()).isEqualTo(2);
        });
    }

    @Test
    void everyAnalysisOfTheAnalysisBenchmarkMeasuresHealthyWithBothSources() {
        for (String source : new String[] {"direct", "prometheus"}) {
            AnalysisBenchmark bench = new AnalysisBenchmark();
            bench.source = source;
            bench.setUp();

            assertThat(bench.oneIntervalOfOneHundredAnalyses()).isEqualTo(AnalysisBenchmark.ANALYSES);
            assertThat(bench.oneIntervalOfOneHundredAnalyses()).isEqualTo(AnalysisBenchmark.ANALYSES);
            assertThat(bench.notSuccessful).as(source).isZero();
        }
    }
}
