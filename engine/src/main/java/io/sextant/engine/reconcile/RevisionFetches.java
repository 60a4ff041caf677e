package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bounds what plans of revisions the engine does not hold cost the Git remote. Anyone with API access
 * can ask {@code GET /api/v1/plan?revision=} for any string, and each unknown one is a fetch from the
 * remote: so a revision that could not be fetched is remembered for {@link Limits#rememberMisses} (the
 * same error is answered without asking the remote again), and each source allows {@link Limits#burst}
 * remote fetches at once, then one per {@link Limits#refill}, beyond which the plan is refused with
 * {@link PlanRateLimitedException}.
 */
final class RevisionFetches {

    /**
     * @param rememberMisses how long a revision that could not be fetched is answered from memory
     * @param burst          remote fetches a source allows back to back
     * @param refill         time to earn one more fetch
     * @param maxMisses      misses remembered (oldest forgotten first), so random revisions cannot fill the heap
     */
    record Limits(Duration rememberMisses, int burst, Duration refill, int maxMisses) {

        /** A pull request preview fetches once per push; 5 at once and one every 10 s leaves room for several. */
        static final Limits DEFAULT = new Limits(Duration.ofMinutes(1), 5, Duration.ofSeconds(10), 1000);
    }

    /** Something that fetches a revision from the remote. */
    interface Fetch {
        CommitInfo fetch() throws GitException;
    }

    private record Miss(GitException failure, long at) {}

    private final Limits limits;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, Miss> misses = new LinkedHashMap<>();
    /** Per source: the time at which its bucket is full again (a token bucket kept as one number). */
    private final Map<String, Long> fullAt = new HashMap<>();

    RevisionFetches(Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    /**
     * Runs {@code fetch} for {@code revision} of {@code source}, unless it failed within
     * {@link Limits#rememberMisses} (then that failure is thrown again) or the source is over its budget.
     */
    CommitInfo fetch(String source, String revision, Fetch fetch) throws GitException {
        String key = source + "\n" + revision;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            expire(now);
            Miss miss = misses.get(key);
            if (miss != null) {
                throw miss.failure();
            }
            take(source, now);
        }
        try {
            return fetch.fetch();
        } catch (GitException e) {
            remember(key, e);
            throw e;
        }
    }

    private void take(String source, long now) throws PlanRateLimitedException {
        long refill = limits.refill().toNanos();
        long full = Math.max(fullAt.getOrDefault(source, now), now);
        long after = full + refill;
        // Taking one more must leave the bucket within `burst` refills of full.
        long over = after - now - limits.burst() * refill;
        if (over > 0) {
            throw new PlanRateLimitedException(source, Duration.ofNanos(over));
        }
        fullAt.put(source, after);
    }

    private synchronized void remember(String key, GitException failure) {
        misses.remove(key);
        misses.put(key, new Miss(failure, nanoClock.getAsLong()));
        if (misses.size() > limits.maxMisses()) {
            Iterator<String> oldest = misses.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void expire(long now) {
        long ttl = limits.rememberMisses().toNanos();
        Iterator<Map.Entry<String, Miss>> entries = misses.entrySet().iterator();
        while (entries.hasNext() && now - entries.next().getValue().at() >= ttl) {
            entries.remove();
        }
    }
}
