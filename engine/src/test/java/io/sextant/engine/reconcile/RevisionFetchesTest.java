package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What plans of revisions the engine does not hold may cost the remote. */
class RevisionFetchesTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong();
    final AtomicInteger fetches = new AtomicInteger();
    final RevisionFetches limits = new RevisionFetches(
            new RevisionFetches.Limits(Duration.ofMinutes(1), 3, Duration.ofSeconds(10), 100), now::get);

    CommitInfo missing(String source, String revision) throws GitException {
        return limits.fetch(source, revision, () -> {
            fetches.incrementAndGet();
            throw new GitException("commit " + revision + " not found on https://git.example.com/fleet.git");
        });
    }

    @Test
    void anUnknownRevisionIsFetchedOnceAMinuteAndAnsweredTheSameMeanwhile() {
        GitException first = catchThrowableOfType(GitException.class, () -> missing("fleet", "deadbeef"));
        GitException again = catchThrowableOfType(GitException.class, () -> missing("fleet", "deadbeef"));
        now.addAndGet(59 * SECOND);
        catchThrowableOfType(GitException.class, () -> missing("fleet", "deadbeef"));

        assertThat(again).isSameAs(first).hasMessageContaining("not found");
        assertThat(fetches).as("within the minute").hasValue(1);

        now.addAndGet(SECOND);
        catchThrowableOfType(GitException.class, () -> missing("fleet", "deadbeef"));
        assertThat(fetches).as("a minute on, it may have been pushed").hasValue(2);
    }

    @Test
    void eachSourceFetchesABurstThenOnePerRefillAndIsToldWhenToRetry() throws Exception {
        for (int i = 0; i < 3; i++) {
            String revision = "r" + i;
            catchThrowableOfType(GitException.class, () -> missing("fleet", revision));
        }
        PlanRateLimitedException limited = catchThrowableOfType(PlanRateLimitedException.class,
                () -> missing("fleet", "r3"));

        assertThat(limited.retryAfterSeconds()).isEqualTo(10);
        assertThat(limited).hasMessageContaining("source 'fleet'");
        assertThat(fetches).hasValue(3);
        CommitInfo found = limits.fetch("other", "main", () -> new CommitInfo("a".repeat(40), "a", "m", Instant.EPOCH));
        assertThat(found.id()).as("another source has its own budget").isEqualTo("a".repeat(40));

        now.addAndGet(10 * SECOND);
        catchThrowableOfType(GitException.class, () -> missing("fleet", "r3"));
        assertThat(fetches).as("one more after the refill").hasValue(4);
        assertThat(catchThrowableOfType(PlanRateLimitedException.class, () -> missing("fleet", "r4"))).isNotNull();
    }
}
