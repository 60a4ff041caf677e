package io.sextant.analysis.prometheus;

import io.sextant.analysis.Reading;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads the answer of {@code /api/v1/query} into one reading. */
final class QueryResult {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGE = 300;

    private QueryResult() {
    }

    static Reading read(int status, String body, String promql) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Reading.Failure("Prometheus answered " + status + " without JSON: " + clip(body));
        }
        if (root == null || !root.isObject()) {
            return new Reading.Failure("Prometheus answered " + status + " without a JSON object");
        }
        String outcome = root.path("status").asString("");
        if (outcome.equals("error")) {
            return new Reading.Failure("Prometheus refused the query (" + root.path("errorType").asString("?")
                    + "): " + clip(root.path("error").asString("")) + " — query: " + clip(promql));
        }
        if (status != 200 || !outcome.equals("success")) {
            return new Reading.Failure("Prometheus answered " + status + " with status '" + outcome + "'");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        return switch (type) {
            case "scalar" -> sampleValue(result, "the scalar");
            case "vector" -> {
                if (!result.isArray()) {
                    yield new Reading.Failure("Prometheus answered a vector without a result list");
                }
                if (result.isEmpty()) {
                    yield new Reading.NoData("the query returned no series");
                }
                if (result.size() > 1) {
                    yield new Reading.Failure("the query returned " + result.size() + " series; aggregate it to one"
                            + " (e.g. sum(...) or histogram_quantile(0.95, sum by (le) (...)))");
                }
                yield sampleValue(result.get(0).path("value"), "the series");
            }
            default -> new Reading.Failure("the query returned a " + type + "; it must return a scalar or an"
                    + " instant vector of one series");
        };
    }

    /** A [time, "value"] pair; Prometheus writes the value as a string, NaN and ±Inf included. */
    private static Reading sampleValue(JsonNode pair, String what) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isString()) {
            return new Reading.Failure("Prometheus answered " + what + " without a [time, \"value\"] pair");
        }
        String text = pair.get(1).asString();
        double value;
        switch (text) {
            case "NaN" -> value = Double.NaN;
            case "+Inf", "Inf" -> value = Double.POSITIVE_INFINITY;
            case "-Inf" -> value = Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return new Reading.Failure("Prometheus answered " + what + " with '" + clip(text) + "'");
                }
            }
        }
        return Reading.of(value, what);
    }

    private static String clip(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
