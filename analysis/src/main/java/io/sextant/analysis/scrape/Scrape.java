package io.sextant.analysis.scrape;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The samples of one scrape of a metrics endpoint, with the types its {@code # TYPE} lines declared. */
record Scrape(Map<String, String> types, List<Sample> samples) {

    Scrape {
        types = Map.copyOf(types);
        samples = List.copyOf(samples);
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The sum of every series of {@code name} matching {@code selector}, or NaN when there is none. */
    double sum(String name, Map<String, String> selector) {
        double sum = 0;
        boolean any = false;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.matches(selector)) {
                sum += s.value();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** Like {@link #sum}, over the series whose label {@code label} has value {@code value}. */
    double sumWhere(String name, Map<String, String> selector, String label, List<String> values) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.matches(selector) && values.contains(s.labels().get(label))) {
                sum += s.value();
            }
        }
        return sum;
    }

    /**
     * The cumulative buckets of histogram {@code family} (its {@code _bucket} series), summed over the
     * series matching {@code selector}, by upper bound; empty when it has none.
     */
    TreeMap<Double, Double> buckets(String family, Map<String, String> selector) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String name = family + "_bucket";
        for (Sample s : samples) {
            if (s.name().equals(name) && s.matches(selector)) {
                String le = s.labels().get("le");
                if (le == null) {
                    throw new IllegalArgumentException(name + ": a bucket without an 'le' label");
                }
                buckets.merge(TextFormat.number(le, name + " le"), s.value(), Double::sum);
            }
        }
        return buckets;
    }
}
