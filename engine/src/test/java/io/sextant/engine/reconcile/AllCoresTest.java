package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.GitException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AllCoresTest {

    @Test
    void returnsEveryResultInTheOrderOfTheInputsWhateverFinishesFirst() {
        List<Integer> items = IntStream.range(0, 2_000).boxed().toList();

        List<String> results = AllCores.map(items, 1, i -> {
            LockSupport.parkNanos(i % 7 == 0 ? 200_000 : 0); // uneven work, so threads interleave
            return "item-" + i;
        });

        assertThat(results).isEqualTo(items.stream().map(i -> "item-" + i).toList());
    }

    @Test
    void theCallingThreadTakesPartAndShortListsStayOnIt() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();

        AllCores.map(List.of(1, 2, 3), 64, i -> threads.add(Thread.currentThread()));

        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void theFirstFailureIsThrownAsItIsAndStopsTheRemainingItems() {
        GitException broken = new GitException("blob 42 is missing");
        AtomicInteger done = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

        assertThatThrownBy(() -> AllCores.map(items, 1, i -> {
            if (i == 42) {
                throw broken;
            }
            LockSupport.parkNanos(100_000);
            return done.incrementAndGet();
        })).isSameAs(broken);
        assertThat(done.get()).as("items worked on after the failure").isLessThan(items.size() - 1);
    }
}
