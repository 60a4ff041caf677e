package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StepExecutorTest {

    final List<Duration> sleeps = new ArrayList<>();
    final StepExecutor executor = new StepExecutor(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250)),
            new Random(42), sleeps::add);
    final PlanStep step = PlannerTest.apply(PlannerTest.deployment("llama"));

    /** Fails with the given errors in turn, then succeeds. */
    static final class FlakyBackend implements Applier {
        final List<BackendException> failures;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public java.util.Set<io.sextant.plugin.Kind> kinds() {
            return java.util.Set.of(io.sextant.spec.kinds.ModelDeployment.KIND, io.sextant.spec.kinds.LoraAdapter.KIND,
                    io.sextant.spec.kinds.InferenceRoute.KIND);
        }

        FlakyBackend(BackendException... failures) {
            this.failures = List.of(failures);
        }

        @Override public String name() { return "flaky"; }
        @Override public String type() { return "test"; }
        @Override public Optional<ObservedResource> observe(ResourceKey key) { return Optional.empty(); }
        @Override public List<ObservedResource> observeAll() { return List.of(); }
        @Override public void delete(ResourceKey key) { }
        @Override public GpuCapacity capacity() { return GpuCapacity.unknown(); }

        @Override
        public ObservedResource apply(DesiredResource desired) throws BackendException {
            int call = calls.getAndIncrement();
            if (call < failures.size()) {
                throw failures.get(call);
            }
            return new ObservedResource(desired.key(), desired.manifest(), Health.HEALTHY, "");
        }
    }

    @Test
    void retriesTransientErrorsWithJitteredBackoffUntilTheyPass() {
        FlakyBackend backend = new FlakyBackend(BackendException.transientFailure("503 Service Unavailable", null),
                BackendException.transientFailure("connection reset", null));

        StepOutcome outcome = executor.execute(step, backend);

        assertThat(outcome).isInstanceOf(StepOutcome.Applied.class);
        assertThat(backend.calls.get()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void doesNotRetryAPermanentError() {
        FlakyBackend backend = new FlakyBackend(BackendException.permanent("400: invalid model name", null));

        StepOutcome outcome = executor.execute(step, backend);

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class,
                f -> assertThat(f.error()).isEqualTo("400: invalid model name"));
        assertThat(backend.calls.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttemptsAndSaysSo() {
        BackendException down = BackendException.transientFailure("connection refused", null);
        FlakyBackend backend = new FlakyBackend(down, down, down, down, down);

        StepOutcome outcome = executor.execute(step, backend);

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class,
                f -> assertThat(f.error()).isEqualTo("connection refused (gave up after 4 attempts)"));
        assertThat(backend.calls.get()).isEqualTo(4);
        assertThat(sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void delaysAreCappedAndRandomised() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        Random random = new Random(7);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            delays.add(policy.delayAfter(9, random));
        }
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
        assertThat(delays.stream().distinct().count()).as("jitter").isGreaterThan(10);
    }
}
