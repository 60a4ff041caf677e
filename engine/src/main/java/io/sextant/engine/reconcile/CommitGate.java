package io.sextant.engine.reconcile;

import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;

/**
 * A check every commit must pass before its changes are applied: approval by a merged pull request,
 * a trusted signature. Spring beans implementing it are consulted in order; the first that blocks
 * wins, and every step of the commit is then recorded as blocked with its reason.
 */
public interface CommitGate {

    /** The verdict for a commit of a source; must not throw for expected failures (say why instead). */
    GateVerdict evaluate(WatchedSource source, CommitInfo commit);
}
