package io.sextant.appliers.api;

import io.sextant.plugin.ResourceKey;
import java.util.List;

/**
 * Offered by an applier (as a {@link Applier#facet}) that takes over live objects Sextant did not make when a
 * resource of the same name is created, instead of refusing them or deleting and recreating them. The engine
 * asks after each create, so the audit log says {@code adopt} rather than {@code create}.
 */
public interface Adoptions {

    /**
     * What the last {@link Applier#apply} of {@code key} took over; empty when it adopted nothing. Asking
     * forgets the answer, so each adoption is reported once.
     */
    List<Adopted> takeAdopted(ResourceKey key);

    /**
     * One object taken over.
     *
     * @param kind    the backend's kind of object, such as {@code Deployment}
     * @param name    its name in the backend
     * @param uid     its identity, unchanged by the adoption (empty when the backend has none)
     * @param changes what Sextant's apply changed on it, in words; empty when it already matched
     */
    record Adopted(String kind, String name, String uid, List<String> changes) {
        public Adopted {
            changes = List.copyOf(changes);
        }
    }
}
