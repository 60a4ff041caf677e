package io.sextant.bench;

import io.sextant.spec.api.LoadResult;
import io.sextant.spec.SpecLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SpecLoader#load}: what the engine pays per changed spec file (YAML parse, schema check,
 * binding to records). One loader is shared, as in the engine, so its schema cache is warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpecLoadBenchmark {

    private final SpecLoader loader = new SpecLoader();
    private final byte[] deployment = Fixtures.utf8(Fixtures.deployment());
    private final byte[] fifty = Fixtures.utf8(Fixtures.fiftyDocuments());

    @Benchmark
    public LoadResult loadOneDeployment() {
        return loader.load(Fixtures.DEPLOYMENT_PATH, deployment);
    }

    @Benchmark
    public LoadResult loadFiftyDocumentFile() {
        return loader.load(Fixtures.FIFTY_PATH, fifty);
    }
}
