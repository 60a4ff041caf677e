package io.sextant.engine.analysis;

import io.sextant.analysis.Measurement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/analyses}: canary analyses and their measurements, shaped for a chart of canary against
 * stable over time (one series of points per metric). Read-only: analyses are started by rollouts.
 */
@RestController
@RequestMapping("/api/v1/analyses")
class AnalysesController {

    private static final int MAX_LIMIT = 1000;

    private final MeasurementStore store;

    AnalysesController(MeasurementStore store) {
        this.store = store;
    }

    @GetMapping
    Map<String, List<MeasurementStore.RunRow>> list(@RequestParam(required = false) String namespace,
                                                    @RequestParam(required = false) String name,
                                                    @RequestParam(defaultValue = "100") int limit) {
        if ((namespace == null) != (name == null)) {
            throw new IllegalArgumentException("give both namespace and name, or neither");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return Map.of("items", store.runs(namespace, name, limit));
    }

    /** One point of a metric's chart. */
    record Point(int seq, Instant time, Double canary, Double stable, String verdict, String message) {
    }

    /** One metric of an analysis: its condition and its points, oldest first. */
    record MetricSeries(String name, String condition, List<Point> points) {
    }

    record Detail(MeasurementStore.RunRow analysis, List<MetricSeries> metrics) {
    }

    @GetMapping("/{id}")
    Detail one(@PathVariable String id) {
        MeasurementStore.RunRow run = store.run(id).orElseThrow(() -> new NoSuchElementException("no analysis " + id));
        Map<String, List<Point>> points = new LinkedHashMap<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Measurement m : store.measurements(id)) {
            conditions.putIfAbsent(m.metric(), m.condition());
            points.computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(new Point(m.index(), m.time(), m.canary(),
                    m.stable(), m.verdict().name(), m.message()));
        }
        List<MetricSeries> metrics = new ArrayList<>();
        points.forEach((metric, series) -> metrics.add(new MetricSeries(metric, conditions.get(metric), series)));
        return new Detail(run, metrics);
    }
}
