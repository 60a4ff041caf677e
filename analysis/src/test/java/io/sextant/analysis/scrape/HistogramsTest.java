package io.sextant.analysis.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The same numbers Prometheus' histogram_quantile gives for these buckets. */
class HistogramsTest {

    private static TreeMap<Double, Double> buckets(double... boundAndCount) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < boundAndCount.length; i += 2) {
            m.put(boundAndCount[i], boundAndCount[i + 1]);
        }
        return m;
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void interpolatesWithinTheBucketTheQuantileFallsIn() {
        // 100 requests: 50 up to 0.1 s, 40 more up to 0.25 s, 10 more up to 0.5 s.
        TreeMap<Double, Double> b = buckets(0.1, 50, 0.25, 90, 0.5, 100, INF, 100);

        assertThat(Histograms.quantile(0.5, b)).isCloseTo(0.1, within(1e-12));
        assertThat(Histograms.quantile(0.95, b)).isCloseTo(0.375, within(1e-12));
        assertThat(Histograms.quantile(0.25, b)).as("the lowest bucket starts at 0").isCloseTo(0.05, within(1e-12));
    }

    @Test
    void aQuantileInTheInfBucketIsTheHighestFiniteBound() {
        assertThat(Histograms.quantile(0.99, buckets(0.1, 10, 0.5, 20, INF, 100))).isEqualTo(0.5);
    }

    @Test
    void noObservationsOrNoInfBucketHasNoQuantile() {
        assertThat(Histograms.quantile(0.95, buckets(0.1, 0, INF, 0))).isNaN();
        assertThat(Histograms.quantile(0.95, buckets(0.1, 3, 0.5, 4))).isNaN();
    }

    @Test
    void theIncreaseBetweenScrapesIsWhatHappenedInTheInterval() {
        TreeMap<Double, Double> before = buckets(0.1, 1000, 0.5, 1000, INF, 1000);
        TreeMap<Double, Double> after = buckets(0.1, 1000, 0.5, 1090, INF, 1100);

        TreeMap<Double, Double> delta = Histograms.increase(before, after);

        assertThat(delta).isEqualTo(Map.of(0.1, 0.0, 0.5, 90.0, INF, 100.0));
        assertThat(Histograms.quantile(0.5, delta)).as("old fast requests do not hide new slow ones")
                .isCloseTo(0.1 + 0.4 * 50 / 90, within(1e-12));
    }

    @Test
    void aServerRestartCountsFromZero() {
        TreeMap<Double, Double> delta = Histograms.increase(buckets(0.1, 500, INF, 600), buckets(0.1, 5, INF, 10));

        assertThat(delta).isEqualTo(Map.of(0.1, 5.0, INF, 10.0));
    }
}
