package io.sextant.spec.api;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.List;
import java.util.function.Function;

/**
 * A check of one document that a caller of {@code io.sextant.spec.SpecValidator} adds to the kinds' rules,
 * given every resource of the commit by identity (null when absent). Its result may depend only on the
 * document and on the resources it refers to (an adapter's deployment, a route's targets, {@code dependsOn}).
 */
@FunctionalInterface
public interface DocumentCheck {
    List<SpecError> check(SpecDocument document, Function<ResourceKey, SpecDocument> resources);
}
