package io.sextant.spec.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One loader is shared by every reconcile thread of the engine. */
class SpecLoaderConcurrencyTest {

    @Test
    void givesEveryThreadTheSameAnswerFromOneSharedLoader() throws Exception {
        byte[] valid = Specs.deployment("llama", "sim-local").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = Specs.deployment("llama", "search", "sim-local", 1, 0, 1, "").getBytes(StandardCharsets.UTF_8);
        LoadResult expectedValid = Specs.LOADER.load("v.yaml", valid);
        LoadResult expectedInvalid = Specs.LOADER.load("i.yaml", invalid);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean even = i % 2 == 0;
                same.add(pool.submit(() -> even
                        ? sameDocuments(Specs.LOADER.load("v.yaml", valid), expectedValid)
                        : Specs.LOADER.load("i.yaml", invalid).errors().equals(expectedInvalid.errors())));
            }
            for (Future<Boolean> each : same) {
                assertThat(each.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean sameDocuments(LoadResult actual, LoadResult expected) {
        return actual.documents().size() == 1
                && actual.documents().get(0).resource().equals(expected.documents().get(0).resource())
                && actual.documents().get(0).manifest().equals(expected.documents().get(0).manifest())
                && actual.documents().get(0).fieldLines().equals(expected.documents().get(0).fieldLines());
    }
}
