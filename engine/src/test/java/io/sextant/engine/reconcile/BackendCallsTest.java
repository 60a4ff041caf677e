package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend calls of a reconcile run at the same time and come back in the order they were given. */
class BackendCallsTest {

    final BackendCalls calls = new BackendCalls();

    @AfterEach
    void close() {
        calls.close();
    }

    @Test
    void resultsComeBackInInputOrder() {
        List<Integer> items = IntStream.range(0, 200).boxed().toList();

        List<Integer> doubled = calls.map(items, i -> {
            sleepMillis((200 - i) % 7); // later items often finish first
            return i * 2;
        });

        assertThat(doubled).isEqualTo(items.stream().map(i -> i * 2).toList());
    }

    @Test
    void callsRunConcurrently() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(4);

        List<Boolean> sawOthers = calls.map(List.of(1, 2, 3, 4), i -> {
            allStarted.countDown();
            try {
                return allStarted.await(10, TimeUnit.SECONDS); // only true if all four are in flight at once
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(sawOthers).containsOnly(true);
    }

    @Test
    void aFailingCallFailsTheMapAfterTheOthersEnd() {
        assertThatThrownBy(() -> calls.map(List.of(1, 2, 3), i -> {
            if (i == 2) {
                throw new IllegalArgumentException("call 2 broke");
            }
            return i;
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("call 2 broke");
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
