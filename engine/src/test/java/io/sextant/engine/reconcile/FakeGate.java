package io.sextant.engine.reconcile;

import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link CommitGate} the test opens and closes; counts how often it was asked. */
final class FakeGate implements CommitGate {

    private volatile GateVerdict verdict = GateVerdict.allow();
    final AtomicInteger evaluations = new AtomicInteger();

    void block(String reason) {
        verdict = GateVerdict.block(reason);
    }

    /** Lets commits through as coming from {@code pullRequest}, approved by {@code approvers}. */
    void allow(Integer pullRequest, String... approvers) {
        verdict = new GateVerdict(true, null, pullRequest, List.of(approvers));
    }

    @Override
    public GateVerdict evaluate(WatchedSource source, CommitInfo commit) {
        evaluations.incrementAndGet();
        return verdict;
    }
}
