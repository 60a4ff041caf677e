package io.sextant.spec.kinds;

import io.sextant.analysis.Condition;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Rollout;
import io.sextant.plugin.RuleContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code spec.rollout} of a ModelDeployment: read from a document that passed the schema, written back in
 * normal form (defaults filled, durations in their shortest unit), and its rules the schema cannot say.
 */
final class RolloutSpec {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final int DEFAULT_COUNT = 3;
    static final double DEFAULT_QUANTILE = 0.95;
    /** Argo Rollouts' default: blue stays 30s after the switch, for clients still holding connections. */
    /** The name suffix of the new version running beside a deployment during its rollout. */
    static final String CANARY_SUFFIX = "--canary";
    static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    private RolloutSpec() {}

    /** The rollout of a {@code spec}, or null when it has none. */
    static Rollout read(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        List<Rollout.Step> steps = new ArrayList<>();
        for (JsonNode step : node.path("steps")) {
            if (step.has("weight")) {
                steps.add(new Rollout.Weight(step.path("weight").asInt()));
            } else if (step.has("pause")) {
                steps.add(new Rollout.Pause(duration(step.path("pause").asString())));
            } else {
                steps.add(analysis(step.path("analysis")));
            }
        }
        Duration deadline = node.has("progressDeadline") ? duration(node.path("progressDeadline").asString()) : null;
        return new Rollout(steps, deadline, blueGreen(node.path("blueGreen")));
    }

    private static Rollout.BlueGreen blueGreen(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        return new Rollout.BlueGreen(node.has("prewarm") ? duration(node.path("prewarm").asString()) : Duration.ZERO,
                node.has("prePromotionAnalysis") ? analysis(node.path("prePromotionAnalysis")) : null,
                node.path("autoPromote").asBoolean(true),
                node.has("scaleDownDelay") ? duration(node.path("scaleDownDelay").asString()) : DEFAULT_SCALE_DOWN_DELAY);
    }

    private static Rollout.Analysis analysis(JsonNode node) {
        List<Rollout.Metric> metrics = new ArrayList<>();
        for (JsonNode m : node.path("metrics")) {
            String signal = Json.optionalText(m, "signal");
            Double quantile = null;
            if (m.has("quantile")) {
                quantile = m.path("quantile").asDouble();
            } else if (signal != null && List.of("ttft", "itl", "e2e").contains(signal)) {
                quantile = DEFAULT_QUANTILE;
            }
            metrics.add(new Rollout.Metric(m.path("name").asString(), signal, quantile, Json.optionalText(m, "query"),
                    m.path("condition").asString()));
        }
        return new Rollout.Analysis(metrics,
                node.has("interval") ? duration(node.path("interval").asString()) : DEFAULT_INTERVAL,
                node.path("count").asInt(DEFAULT_COUNT), node.path("failureLimit").asInt(0),
                node.path("inconclusiveLimit").asInt(0));
    }

    /** The normal form: every default written, so two spellings of one rollout compare equal. */
    static void write(ObjectNode spec, Rollout rollout) {
        if (rollout == null) {
            return;
        }
        ObjectNode node = spec.putObject("rollout").put("strategy", rollout.blueGreen() == null ? "canary" : "blueGreen");
        if (rollout.progressDeadline() != null) {
            node.put("progressDeadline", text(rollout.progressDeadline()));
        }
        if (!rollout.steps().isEmpty() || rollout.blueGreen() == null) {
            ArrayNode steps = node.putArray("steps");
            for (Rollout.Step step : rollout.steps()) {
                if (step instanceof Rollout.Weight w) {
                    steps.addObject().put("weight", w.percent());
                } else if (step instanceof Rollout.Pause p) {
                    steps.addObject().put("pause", text(p.duration()));
                } else if (step instanceof Rollout.Analysis a) {
                    write(steps.addObject().putObject("analysis"), a);
                }
            }
        }
        Rollout.BlueGreen blueGreen = rollout.blueGreen();
        if (blueGreen != null) {
            ObjectNode bg = node.putObject("blueGreen").put("prewarm", text(blueGreen.prewarm()));
            if (blueGreen.prePromotionAnalysis() != null) {
                write(bg.putObject("prePromotionAnalysis"), blueGreen.prePromotionAnalysis());
            }
            bg.put("autoPromote", blueGreen.autoPromote()).put("scaleDownDelay", text(blueGreen.scaleDownDelay()));
        }
    }

    private static void write(ObjectNode analysis, Rollout.Analysis a) {
        analysis.put("interval", text(a.interval())).put("count", a.count())
                .put("failureLimit", a.failureLimit()).put("inconclusiveLimit", a.inconclusiveLimit());
        ArrayNode metrics = analysis.putArray("metrics");
        for (Rollout.Metric m : a.metrics()) {
            ObjectNode metric = metrics.addObject().put("name", m.name());
            Json.putText(metric, "signal", m.signal());
            if (m.quantile() != null) {
                metric.put("quantile", m.quantile());
            }
            Json.putText(metric, "query", m.query());
            metric.put("condition", m.condition());
        }
    }

    /**
     * What the schema cannot say: one strategy only, each metric sets signal or query (not both), only
     * latencies take a quantile, its condition reads as one, and an analysis interval is at least 1s.
     */
    static void rules(Resource resource, RuleContext context) {
        Rollout rollout = ((ModelDeployment) resource).spec().rollout();
        if (rollout == null) {
            return;
        }
        // Exactly one strategy: the schema ties strategy to its block; this catches both blocks written at once.
        if (rollout.blueGreen() != null && !rollout.steps().isEmpty()) {
            context.error("spec.rollout.steps", "set exactly one of steps (canary) or blueGreen, not both");
        }
        for (int i = 0; i < rollout.steps().size(); i++) {
            if (rollout.steps().get(i) instanceof Rollout.Analysis analysis) {
                analysis(analysis, "spec.rollout.steps[" + i + "].analysis", context);
            }
        }
        if (rollout.blueGreen() != null && rollout.blueGreen().prePromotionAnalysis() != null) {
            analysis(rollout.blueGreen().prePromotionAnalysis(), "spec.rollout.blueGreen.prePromotionAnalysis",
                    context);
        }
    }

    /**
     * A rollout runs the new version as {@code <name>--canary} beside the deployment, creates and deletes it:
     * a deployment of that name in Git would be overwritten and removed by another's rollout, so the suffix is
     * refused outright (with or without a rollout of its own).
     */
    static void reservedName(Resource resource, RuleContext context) {
        if (resource.key().name().endsWith(CANARY_SUFFIX)) {
            context.error("metadata.name", "must not end in " + CANARY_SUFFIX + ": the name is a rollout's canary"
                    + " of deployment '" + resource.key().name().substring(0, resource.key().name().length()
                    - CANARY_SUFFIX.length()) + "'");
        }
    }

    private static void analysis(Rollout.Analysis analysis, String at, RuleContext context) {
        if (analysis.interval().compareTo(Duration.ofSeconds(1)) < 0) {
            context.error(at + ".interval", "must be at least 1s");
        }
        for (int j = 0; j < analysis.metrics().size(); j++) {
            metric(analysis.metrics().get(j), at + ".metrics[" + j + "]", context);
        }
    }

    private static void metric(Rollout.Metric metric, String at, RuleContext context) {
        if ((metric.signal() == null) == (metric.query() == null)) {
            context.error(at, "set exactly one of signal or query");
        }
        if (metric.quantile() != null && metric.signal() != null && !List.of("ttft", "itl", "e2e").contains(metric.signal())) {
            context.error(at + ".quantile", "only ttft, itl and e2e take a quantile");
        }
        try {
            Condition.parse(metric.condition());
        } catch (IllegalArgumentException e) {
            context.error(at + ".condition", e.getMessage());
        }
    }

    /** A duration as the schema spells it: digits then ms, s, m or h. */
    static Duration duration(String text) {
        int unit = 0;
        while (unit < text.length() && Character.isDigit(text.charAt(unit))) {
            unit++;
        }
        long n = Long.parseLong(text.substring(0, unit));
        return switch (text.substring(unit)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
