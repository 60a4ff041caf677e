package io.sextant.engine.reconcile;

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
}
