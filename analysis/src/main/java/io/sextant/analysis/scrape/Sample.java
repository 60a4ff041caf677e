package io.sextant.analysis.scrape;

import java.util.Map;

/** One line of the Prometheus text format: a series (name and labels) and its value. */
record Sample(String name, Map<String, String> labels, double value) {

    Sample {
        labels = Map.copyOf(labels);
    }

    /** Whether every label of {@code selector} has that value here. */
    boolean matches(Map<String, String> selector) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
