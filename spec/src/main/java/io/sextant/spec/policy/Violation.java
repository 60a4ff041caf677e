package io.sextant.spec.policy;

import java.util.Objects;

/**
 * A use of something a namespace's allow-lists refuse.
 *
 * @param field   the field at fault, such as {@code spec.model.uri}
 * @param rule    the policy key that refuses it, such as {@code models.allowed-uris}
 * @param message what the author reads, naming the value, the namespace and what is allowed
 */
public record Violation(String field, String rule, String message) {

    /** The prefix every policy message carries, so a blocked change names its rule wherever it is shown. */
    public static final String MARK = "policy ";

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** The message with the rule, as validation reports it. */
    public String describe() {
        return message + " [" + MARK + rule + "]";
    }
}
