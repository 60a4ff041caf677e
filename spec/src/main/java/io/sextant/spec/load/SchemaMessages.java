package io.sextant.spec.load;

import io.sextant.spec.api.Suggestions;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Words for schema violations: the field a user must edit, its line, and what to write instead.
 *
 * <p>The validator's own messages ("property 'replica' is not defined in the schema and the schema does
 * not allow additional properties") describe the schema; these describe the spec.
 */
final class SchemaMessages {

    private SchemaMessages() {}

    static Problem toProblem(Error error, JsonNode schemaTree, Map<String, Integer> lines, int documentLine) {
        String path = dotted(error.getInstanceLocation());
        JsonNode rule = error.getSchemaNode();
        String field = path;
        String message;
        switch (error.getKeyword()) {
            case "required" -> {
                field = join(path, error.getProperty());
                message = "is required";
            }
            case "additionalProperties" -> {
                field = join(path, error.getProperty());
                message = unknownField(error.getProperty(), siblings(error, schemaTree));
            }
            case "type" -> message = "must be " + typeNames(rule) + ", not " + typeName(String.valueOf(error.getArguments()[0]));
            case "enum" -> message = "must be one of " + list(rule) + " (got " + shown(error.getInstanceNode()) + ")";
            case "const" -> message = "must be " + rule;
            case "pattern" -> message = ownMessage(error, schemaTree, "must match the pattern " + rule.asString());
            case "minimum" -> message = "must be >= " + rule;
            case "maximum" -> message = "must be <= " + rule;
            case "minLength" -> message = rule.asInt() == 1 ? "must not be empty" : "must be at least " + rule + " characters long";
            case "maxLength" -> message = "must be at most " + rule + " characters long";
            case "minItems" -> message = "must have at least " + rule + (rule.asInt() == 1 ? " item" : " items");
            case "maxItems" -> message = "must have at most " + rule + " items";
            case "minProperties" -> message = "must not be empty";
            case "oneOf" -> message = ownMessage(error, schemaTree, "must match exactly one of its allowed forms");
            default -> message = error.getMessage();
        }
        return new Problem(lineOf(lines, field, documentLine), field, message);
    }

    /** {@code spec.targets[0].weight} from the validator's instance location. */
    static String dotted(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    /** Line of the field, or of its closest enclosing field that has one, or of the document. */
    static int lineOf(Map<String, Integer> lines, String field, int documentLine) {
        String path = field;
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return documentLine;
    }

    private static String join(String path, String property) {
        return path.isEmpty() ? property : path + "." + property;
    }

    /** The schema's own wording (e.g. {@code patternErrorMessage}) next to the failing keyword, if any. */
    private static String ownMessage(Error error, JsonNode schemaTree, String fallback) {
        JsonNode owner = owner(error, schemaTree);
        JsonNode own = owner.path(error.getKeyword() + "ErrorMessage");
        return own.isString() ? own.asString() : fallback;
    }

    private static List<String> siblings(Error error, JsonNode schemaTree) {
        return new ArrayList<>(owner(error, schemaTree).path("properties").propertyNames());
    }

    /** The schema object holding the failing keyword: its location minus the keyword itself. */
    private static JsonNode owner(Error error, JsonNode schemaTree) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        NodePath parent = fragment == null ? null : fragment.getParent();
        return parent == null ? schemaTree : schemaTree.at(JsonPointer.compile(parent.toString()));
    }

    private static String unknownField(String name, List<String> known) {
        for (String candidate : known) {
            if (Suggestions.close(name, candidate)) {
                return "unknown field (did you mean '" + candidate + "'?)";
            }
        }
        return known.isEmpty() ? "unknown field" : "unknown field (expected one of " + String.join(", ", known) + ")";
    }

    private static String typeNames(JsonNode rule) {
        if (!rule.isArray()) {
            return typeName(rule.asString());
        }
        List<String> names = new ArrayList<>();
        rule.forEach(type -> names.add(typeName(type.asString())));
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "null" -> "empty";
            default -> "a " + jsonType;
        };
    }

    private static String list(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.isString() ? value.asString() : value.toString()));
        return String.join(", ", texts);
    }

    private static String shown(JsonNode value) {
        return value != null && value.isString() ? "'" + value.asString() + "'" : String.valueOf(value);
    }
}
