package io.sextant.spec.load;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Converts YAML scalars to JSON values by their resolved tag, the way SnakeYAML's safe constructor
 * would (YAML 1.1 integers such as {@code 0x1F} and {@code 1_000} included), without constructing anything.
 */
final class Scalars {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    private static final Set<Tag> KEY_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private Scalars() {}

    static JsonNode toJson(ScalarNode node, String path, List<Problem> problems) {
        Tag tag = node.getTag();
        String text = node.getValue();
        if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag)) {
            // Timestamps stay text: a revision pin such as 2024-05-01 means the string written.
            return JSON.stringNode(text);
        }
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            String lower = text.toLowerCase();
            if (TRUE.contains(lower) || FALSE.contains(lower)) {
                return JSON.booleanNode(TRUE.contains(lower));
            }
            problems.add(new Problem(TreeBuilder.line(node), path, "'" + text + "' is not a boolean"));
            return JSON.stringNode(text);
        }
        if (Tag.INT.equals(tag)) {
            BigInteger value = parseInteger(text);
            if (value != null) {
                return value.bitLength() < 32 ? JSON.numberNode(value.intValue())
                        : value.bitLength() < 64 ? JSON.numberNode(value.longValue()) : JSON.numberNode(value);
            }
            problems.add(new Problem(TreeBuilder.line(node), path, "'" + text + "' is not an integer"));
            return JSON.stringNode(text);
        }
        if (Tag.FLOAT.equals(tag)) {
            Double value = parseFloat(text);
            if (value != null) {
                return JSON.numberNode(value);
            }
            problems.add(new Problem(TreeBuilder.line(node), path, "'" + text + "' is not a finite number"));
            return JSON.stringNode(text);
        }
        problems.add(new Problem(TreeBuilder.line(node), path, tagNotAllowed(tag)));
        return JSON.stringNode(text);
    }

    /** Keys are names: any implicitly typed scalar ({@code 1:}, {@code true:}) reads as its text. */
    static boolean isPlainKey(ScalarNode key) {
        return KEY_TAGS.contains(key.getTag());
    }

    static String tagNotAllowed(Tag tag) {
        String value = tag.getValue();
        String shown = value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
        return "tag '" + shown + "' is not allowed: specs hold plain strings, numbers, booleans, lists and mappings";
    }

    private static BigInteger parseInteger(String text) {
        String digits = text.replace("_", "");
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        try {
            BigInteger value;
            if (digits.startsWith("0x")) {
                value = new BigInteger(digits.substring(2), 16);
            } else if (digits.startsWith("0b")) {
                value = new BigInteger(digits.substring(2), 2);
            } else if (digits.startsWith("0o")) {
                value = new BigInteger(digits.substring(2), 8);
            } else if (digits.contains(":")) {
                value = BigInteger.ZERO;
                for (String part : digits.split(":")) {
                    value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
                }
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                value = new BigInteger(digits.substring(1), 8);
            } else {
                value = new BigInteger(digits);
            }
            return negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseFloat(String text) {
        try {
            double value = Double.parseDouble(text.replace("_", ""));
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
