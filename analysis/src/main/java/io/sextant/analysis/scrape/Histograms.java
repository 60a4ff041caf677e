package io.sextant.analysis.scrape;

import java.util.Map;
import java.util.TreeMap;

/** Prometheus' {@code histogram_quantile} over the increase of cumulative buckets between two scrapes. */
final class Histograms {

    private Histograms() {
    }

    /**
     * The increase of each bucket from {@code before} to {@code after}. A bucket that went down means the
     * server restarted between the scrapes: its count since the restart is the increase, as {@code rate}
     * takes it.
     */
    static TreeMap<Double, Double> increase(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        boolean reset = false;
        for (Map.Entry<Double, Double> b : after.entrySet()) {
            Double old = before.get(b.getKey());
            if (old != null && b.getValue() < old) {
                reset = true;
            }
        }
        for (Map.Entry<Double, Double> b : after.entrySet()) {
            double old = reset ? 0 : before.getOrDefault(b.getKey(), 0.0);
            delta.put(b.getKey(), b.getValue() - old);
        }
        return delta;
    }

    /**
     * The {@code q} quantile of cumulative buckets (upper bound to count), interpolated linearly within the
     * bucket it falls in, as Prometheus does: the lowest bucket starts at 0 (when its bound is positive), a
     * quantile in the {@code +Inf} bucket is the highest finite bound. NaN when there are no observations
     * or no {@code +Inf} bucket.
     */
    static double quantile(double q, TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty() || !cumulative.lastKey().isInfinite()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        boolean first = true;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            double upper = b.getKey();
            double count = b.getValue();
            if (count >= rank) {
                if (Double.isInfinite(upper)) {
                    return lowerBound; // Prometheus answers the highest finite bound
                }
                if (first && upper <= 0) {
                    return upper;
                }
                double inBucket = count - lowerCount;
                return inBucket <= 0 ? upper : lowerBound + (upper - lowerBound) * ((rank - lowerCount) / inBucket);
            }
            lowerBound = upper;
            lowerCount = count;
            first = false;
        }
        return lowerBound;
    }
}
