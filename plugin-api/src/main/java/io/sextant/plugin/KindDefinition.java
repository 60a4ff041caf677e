package io.sextant.plugin;

import java.util.List;

/**
 * Everything Sextant knows about one kind (DESIGN.md section 3): its apiVersions with conversion to the
 * stored one, schema, binding, semantic rules, references, apply order and display.
 */
public interface KindDefinition {

    /** The {@code kind:} value, such as {@code ModelDeployment}; unique across the engine and its plugins. */
    String kind();

    /** Every apiVersion served, such as {@code sextant.io/v1}; the stored one first. */
    List<String> apiVersions();
}
