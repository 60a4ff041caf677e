package io.sextant.bench.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Repeated timings of one measurement in milliseconds: wall time, and where known the CPU time of the
 * reconcile thread, which a busy shared machine inflates far less than wall time.
 */
final class Samples {

    private final List<Double> wall = new ArrayList<>();
    private final List<Double> cpu = new ArrayList<>();

    void addNanos(long wallNanos) {
        wall.add(wallNanos / 1e6);
    }

    void addNanos(long wallNanos, long cpuNanos) {
        wall.add(wallNanos / 1e6);
        cpu.add(cpuNanos / 1e6);
    }

    int count() {
        return wall.size();
    }

    /** The latest wall time added, in milliseconds. */
    double last() {
        return wall.get(wall.size() - 1);
    }

    double median() {
        return quantile(wall, 0.5);
    }

    /** Nearest-rank quantile. */
    private static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** {@code median (p90, n) · CPU median}, e.g. {@code 12.3 ms (p90 15.1, n=20) · CPU 9.8 ms}. */
    String summary() {
        String text = count() == 1 ? ms(median())
                : ms(median()) + " (p90 " + number(quantile(wall, 0.9)) + ", n=" + count() + ")";
        return cpu.isEmpty() ? text : text + " · CPU " + ms(quantile(cpu, 0.5));
    }

    static String ms(double millis) {
        return number(millis) + " ms";
    }

    static String number(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }
}
