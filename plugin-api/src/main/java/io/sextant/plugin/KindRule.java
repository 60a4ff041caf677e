package io.sextant.plugin;

/**
 * A semantic rule of one kind. Its result may depend only on the resource and on the resources it refers
 * to, which lets validation re-check only what a commit changes.
 */
@FunctionalInterface
public interface KindRule {

    /** Reports through {@code context} what is wrong with {@code resource} (of the rule's kind). */
    void check(Resource resource, RuleContext context);
}
