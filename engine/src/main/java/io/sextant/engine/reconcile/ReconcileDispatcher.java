package io.sextant.engine.reconcile;

import java.time.Instant;

/**
 * Where reconciles run. By default on this process's workers; in a cluster, as Quartz jobs on
 * whichever replica is free, one per source at a time across the cluster.
 */
public interface ReconcileDispatcher {

    /**
     * Enqueues a reconcile of a source.
     *
     * @param driftBackend for a drift scan, the backend to re-observe; otherwise null
     */
    void dispatch(String source, Trigger trigger, String driftBackend);

    /**
     * Enqueues a poll of a source at {@code at}, when a failing resource's backoff ends (a requeue-after,
     * not a failure of its own). Only the earliest pending retry of a source is kept.
     */
    void dispatchAt(String source, Instant at);
}
