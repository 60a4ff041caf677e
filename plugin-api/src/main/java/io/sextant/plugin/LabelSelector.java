package io.sextant.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A label selector with the semantics of Kubernetes' {@code LabelSelector}: every {@code matchLabels} pair
 * and every {@code matchExpressions} requirement must hold ("and"). Plugin kinds select other resources with
 * it through {@link KindDefinition#selections}.
 *
 * <p>Unlike Kubernetes, an empty selector is refused at construction: there it matches everything, and a
 * route (or any selecting resource) that silently takes in every resource of its namespace, including ones
 * added later for other purposes, is a mistake far more often than an intent. Name the resources instead.
 *
 * @param matchLabels      labels that must be present with exactly these values
 * @param matchExpressions further requirements
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** How a {@link Requirement} tests a label, as Kubernetes spells them. */
    public enum Operator {
        In, NotIn, Exists, DoesNotExist
    }

    /**
     * One requirement: {@code In} the label is present with one of {@code values}; {@code NotIn} the label
     * is absent or has none of them; {@code Exists} / {@code DoesNotExist} the label is present / absent,
     * and then {@code values} must be empty.
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = values == null ? List.of() : List.copyOf(values);
            boolean needsValues = operator == Operator.In || operator == Operator.NotIn;
            if (needsValues && values.isEmpty()) {
                throw new IllegalArgumentException("operator " + operator + " needs at least one value");
            }
            if (!needsValues && !values.isEmpty()) {
                throw new IllegalArgumentException("operator " + operator + " takes no values");
            }
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case In -> value != null && values.contains(value);
                case NotIn -> value == null || !values.contains(value);
                case Exists -> value != null;
                case DoesNotExist -> value == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case In -> key + " in (" + String.join(",", values) + ")";
                case NotIn -> key + " notin (" + String.join(",", values) + ")";
                case Exists -> key;
                case DoesNotExist -> "!" + key;
            };
        }
    }

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
        if (matchLabels.isEmpty() && matchExpressions.isEmpty()) {
            throw new IllegalArgumentException("an empty selector would select every resource of the namespace, "
                    + "including ones added later: give matchLabels or matchExpressions");
        }
    }

    /**
     * Reads {@code {matchLabels: {k: v}, matchExpressions: [{key, operator, values}]}}.
     *
     * @throws IllegalArgumentException saying what is wrong (an unknown operator, values where none belong, an
     *                                  empty selector)
     */
    public static LabelSelector read(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.path("matchLabels").forEachEntry((key, value) -> labels.put(key, value.asString()));
        List<Requirement> requirements = new ArrayList<>();
        JsonNode expressions = node.path("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode expression = expressions.get(i);
            String name = expression.path("operator").asString("");
            Operator operator;
            try {
                operator = Operator.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("matchExpressions[" + i + "].operator: '" + name
                        + "' is not one of In, NotIn, Exists, DoesNotExist", e);
            }
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(value -> values.add(value.asString()));
            try {
                requirements.add(new Requirement(expression.path("key").asString(), operator, values));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("matchExpressions[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new LabelSelector(labels, requirements);
    }

    /** Whether a resource with {@code labels} is selected. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> label : matchLabels.entrySet()) {
            if (!label.getValue().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(requirement -> requirement.matches(labels));
    }

    /** As written, normalised: {@code matchLabels} sorted by key, each part only when non-empty. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (!matchLabels.isEmpty()) {
            ObjectNode labels = node.putObject("matchLabels");
            new TreeMap<>(matchLabels).forEach(labels::put);
        }
        if (!matchExpressions.isEmpty()) {
            ArrayNode expressions = node.putArray("matchExpressions");
            for (Requirement requirement : matchExpressions) {
                ObjectNode expression = expressions.addObject().put("key", requirement.key())
                        .put("operator", requirement.operator().name());
                if (!requirement.values().isEmpty()) {
                    ArrayNode values = expression.putArray("values");
                    requirement.values().forEach(values::add);
                }
            }
        }
        return node;
    }

    /** Kubernetes' text form, such as {@code app=llama,tier in (prod,canary)}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(matchLabels).forEach((key, value) -> parts.add(key + "=" + value));
        matchExpressions.forEach(requirement -> parts.add(requirement.toString()));
        return String.join(",", parts);
    }
}
