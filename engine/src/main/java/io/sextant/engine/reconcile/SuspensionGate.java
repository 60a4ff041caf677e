package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;

/**
 * Holds every change to a suspended resource, or to any resource of a suspended source: new commits, drift
 * heals and prunes alike. Asked before the rollout gate, so a suspended resource never starts a canary either.
 * The suspension store implements it; with none, nothing is ever suspended.
 */
public interface SuspensionGate {

    /**
     * The suspensions in force now. A run asks once per wave, so a suspend made on another replica holds from
     * the next wave on: the store every replica shares is read, never a copy kept in memory.
     */
    Holds current();

    /** The suspensions read at one moment. */
    @FunctionalInterface
    interface Holds {
        /**
         * Why changes to {@code key} of {@code source} are held ("suspended by ada@example.com at ...: reason"),
         * or null when they are not.
         */
        String reason(ResourceKey key, String source);
    }

    /** Nothing is suspended. */
    SuspensionGate NONE = () -> (key, source) -> null;
}
