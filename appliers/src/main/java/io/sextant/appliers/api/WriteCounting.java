package io.sextant.appliers.api;

/**
 * Reports how many writes an applier has made, so tests can assert that a reconcile of unchanged
 * state makes no backend write at all. Implemented by simulated backends.
 */
public interface WriteCounting {

    /**
     * Calls to {@link Applier#apply} and {@link Applier#delete} that changed live state since this
     * applier instance was created. Calls that found the state already as asked (an identical
     * manifest, an absent resource) are not writes; neither are {@link DriftControl} changes.
     */
    long writeCount();

    /**
     * Every call to {@link Applier#apply} and {@link Applier#delete} on this applier instance, whether
     * or not it changed anything: what a real backend would see as write requests.
     */
    long writeCalls();
}
