package io.sextant.engine.status;


/**
 * A resource's status changed (or it appeared). Published synchronously by the status tracker;
 * listeners (dashboard push, metrics) must be quick and must not throw.
 *
 * @param current  the new status
 * @param previous the status before, or null when the resource is new to the engine
 */
public record ResourceStatusChanged(TrackedResource current, TrackedResource previous) {}
