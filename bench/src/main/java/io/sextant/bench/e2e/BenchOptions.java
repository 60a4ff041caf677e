package io.sextant.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What the bench runs.
 *
 * @param sizes        repository sizes, in specs
 * @param latencySizes sizes that also get a first sync with 10 ms added to every backend call
 * @param kubeSizes    sizes that also get a first sync onto a {@code kubernetes} backend over HTTP, 10 ms per request
 * @param commits      one-file commits timed per size (poll path, and the git floor)
 * @param webhooks     webhook deliveries timed per size (at most the webhook rate limit's burst, 20)
 * @param repeats      repetitions of the cheaper measures (idle poll, sync now, drift scan, plan)
 * @param http         serve the repositories over smart HTTP (true) or let the engine read them as local
 *                     paths (false), which leaves the Git server's cost out of the engine's times
 */
record BenchOptions(List<Integer> sizes, List<Integer> latencySizes, List<Integer> kubeSizes, int commits,
                    int webhooks, int repeats, boolean http) {

    /** The webhook secret the bench configures and signs with; it guards nothing but the bench's own engine. */
    static final String WEBHOOK_SECRET = "bench-webhook-secret";

    BenchOptions {
        sizes = List.copyOf(sizes);
        latencySizes = List.copyOf(latencySizes);
        kubeSizes = List.copyOf(kubeSizes);
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("--sizes must list positive numbers of specs, such as 100,1000,10000");
        }
        if (commits < 1 || repeats < 1 || webhooks < 1 || webhooks > 20) {
            throw new IllegalArgumentException("--commits and --repeats must be >= 1; --webhooks between 1 and 20");
        }
    }

    static List<Integer> parseSizes(String option, String text) {
        List<Integer> sizes = new ArrayList<>();
        if (text.isBlank() || text.equals("none")) {
            return sizes;
        }
        for (String part : text.split(",")) {
            try {
                sizes.add(Integer.parseInt(part.trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a comma-separated list of numbers, got '" + text + "'");
            }
        }
        return sizes;
    }
}
