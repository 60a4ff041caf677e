package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.Blob;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.api.SpecFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source shared by a poller, a fetcher and readers, as the engine's jobs share it. */
class ConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void readersPollersAndFetchesMayOverlap() throws Exception {
        Path upstream = initRepo(tmp.resolve("upstream"));
        String first = commitFile(upstream, "deploy/a.yaml", "a: 0\n", "c0");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GitSource source = GitSources.open(new GitSourceSpec("test", upstream.toString(), "main",
                List.of("deploy"), null, tmp.resolve("cache")))) {
            source.fetch();
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                for (int i = 1; i <= 5; i++) {
                    commitFile(upstream, "deploy/a.yaml", "a: " + i + "\n", "c" + i);
                    source.fetch();
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(source.lsRemote()).hasSize(40);
                }
                return null;
            }));
            for (int r = 0; r < 2; r++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        SpecFile file = source.listFiles(first).get(0);
                        assertThat(new String(((Blob.Content) source.readBlob(file.blobId())).bytes())).isEqualTo("a: 0\n");
                        assertThat(source.changes(first, "main")).hasSizeLessThanOrEqualTo(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertThat(source.resolve("main").shortMessage()).isEqualTo("c5");
        } finally {
            pool.shutdownNow();
        }
    }
}
