package io.sextant.spec.load;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a composed YAML node graph into a plain JSON tree plus the line of every field.
 *
 * <p>This is where YAML's extras are refused or flattened: custom tags are errors, duplicate keys are
 * errors, aliases are expanded (with a budget, since a small alias graph can expand exponentially) and
 * recursive aliases are errors. Null values of mapping keys are dropped, as Kubernetes does, so
 * {@code revision:} with no value means "not set".
 */
final class TreeBuilder {

    /** Values per document after alias expansion; real specs hold a few hundred. */
    static final int MAX_VALUES = 100_000;
    /** Depth after alias expansion; the composer already caps the written depth. */
    static final int MAX_DEPTH = 200;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The tree of one document, and lines keyed by dotted path ({@code spec.targets[0].weight}). */
    record Tree(JsonNode json, Map<String, Integer> lines) {}

    /** Thrown when the document cannot be turned into a tree at all. */
    static final class Abort extends RuntimeException {
        final transient Problem problem;

        Abort(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private final List<Problem> problems;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private TreeBuilder(List<Problem> problems) {
        this.problems = problems;
    }

    /** Builds the tree; recoverable problems are added to {@code problems}, fatal ones throw {@link Abort}. */
    static Tree build(Node root, List<Problem> problems) {
        TreeBuilder builder = new TreeBuilder(problems);
        JsonNode json = builder.convert(root, "", 0);
        return new Tree(json, Map.copyOf(builder.lines));
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (++values > MAX_VALUES) {
            throw new Abort(new Problem(line(node), path,
                    "document has more than " + MAX_VALUES + " values after expanding aliases"));
        }
        if (depth > MAX_DEPTH) {
            throw new Abort(new Problem(line(node), path, "nested more than " + MAX_DEPTH + " levels deep"));
        }
        if (node instanceof ScalarNode scalar) {
            return Scalars.toJson(scalar, path, problems);
        }
        if (!open.add(node)) {
            throw new Abort(new Problem(line(node), path, "recursive alias: a value cannot contain itself"));
        }
        try {
            return node instanceof MappingNode mapping ? mapping(mapping, path, depth) : sequence((SequenceNode) node, path, depth);
        } finally {
            open.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode node, String path, int depth) {
        checkTag(node, Tag.MAP, path);
        ObjectNode object = JSON.objectNode();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !Scalars.isPlainKey(key)) {
                problems.add(new Problem(line(keyNode), path, "mapping keys must be plain strings"));
                continue;
            }
            String name = key.getValue();
            String field = path.isEmpty() ? name : path + "." + name;
            Integer first = seen.putIfAbsent(name, line(keyNode));
            if (first != null) {
                problems.add(new Problem(line(keyNode), field, "duplicate key (first defined on line " + first + ")"));
                continue;
            }
            lines.putIfAbsent(field, line(keyNode));
            JsonNode value = convert(tuple.getValueNode(), field, depth + 1);
            if (!value.isNull()) {
                object.set(name, value);
            }
        }
        return object;
    }

    private ArrayNode sequence(SequenceNode node, String path, int depth) {
        checkTag(node, Tag.SEQ, path);
        ArrayNode array = JSON.arrayNode();
        List<Node> items = node.getValue();
        for (int i = 0; i < items.size(); i++) {
            String field = path + "[" + i + "]";
            lines.putIfAbsent(field, line(items.get(i)));
            array.add(convert(items.get(i), field, depth + 1));
        }
        return array;
    }

    private void checkTag(Node node, Tag expected, String path) {
        if (!expected.equals(node.getTag())) {
            problems.add(new Problem(line(node), path, Scalars.tagNotAllowed(node.getTag())));
        }
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
