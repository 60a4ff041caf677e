package io.sextant.bench;

import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import java.util.List;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link DriftDetector#diff} of a deployment's manifest against its live copy: equal (every resource of
 * a drift scan, nearly always) and with one field changed (a scaled deployment).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiffBenchmark {

    final DriftDetector detector = DriftDetector.withDefaults();
    final SpecDocument document;
    final JsonNode equalLive;
    final JsonNode scaledLive;

    public DiffBenchmark() {
        document = new SpecLoader().load(Fixtures.DEPLOYMENT_PATH, Fixtures.utf8(Fixtures.deployment()))
                .documents().get(0);
        // Live copies are separate trees, as a backend's observation is: no shortcut through identity.
        equalLive = document.manifest().deepCopy();
        ObjectNode scaled = (ObjectNode) document.manifest().deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        scaledLive = scaled;
    }

    @Benchmark
    public List<FieldChange> diffEqual() {
        return detector.diff("sim", document.key(), document.manifest(), equalLive);
    }

    @Benchmark
    public List<FieldChange> diffOneFieldChanged() {
        return detector.diff("sim", document.key(), document.manifest(), scaledLive);
    }
}
