package io.sextant.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.DesiredResource;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The GPU delta of a plan, per backend and GPU type, against what each backend reports free. */
class GpuDeltaTest {

    @TempDir
    Path tmp;
    BackendRegistry backends;

    BackendRegistry backends(int h100) {
        backends = new BackendRegistry(HostConfig.bind("""
                sextant:
                  data-dir: %s
                  backends:
                    - {name: sim-local, type: sim, gpus: {H100-80GB: %d, A100-40GB: 8, L4-24GB: 8}}
                    - {name: vllm-shared, type: vllm, url: "http://127.0.0.1:9"}
                """.formatted(tmp, h100)));
        return backends;
    }

    @AfterEach
    void close() {
        if (backends != null) {
            backends.destroy();
        }
    }

    static DesiredResource deployment(String name, String backend, String gpu, String scaling) {
        String yaml = """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: %s
                  model: {uri: "hf://acme/%s"}
                  runtime: {engine: vllm}
                  resources: {gpu: %s}
                  %s
                """.formatted(name, backend, name, gpu, scaling);
        SpecDocument doc = new SpecLoader().load(name + ".yaml", yaml.getBytes(StandardCharsets.UTF_8)).documents().get(0);
        return new DesiredResource(doc.resource(), doc.manifest(), "c0ffee");
    }

    static PlanStep step(Action action, DesiredResource desired, String backend, FieldChange... diff) {
        return new PlanStep(action, desired.key(), backend, action == Action.DELETE ? null : desired, List.of(diff), List.of());
    }

    static FieldChange replace(String path, JsonNode from, JsonNode to) {
        return new FieldChange("replace", path, from, to);
    }

    static JsonNode json(String text) {
        return HostHttp.JSON.readTree(text);
    }

    @Test
    void netsCreatesUpdatesAndDeletesPerBackendAndGpuType() {
        DesiredResource chat = deployment("chat", "sim-local", "{type: H100-80GB, count: 1}", "replicas: 3");
        DesiredResource big = deployment("big", "sim-local", "{type: H100-80GB, count: 4}",
                "autoscaling: {minReplicas: 1, maxReplicas: 2}");
        DesiredResource embed = deployment("embed", "sim-local", "{type: L4-24GB, count: 2}", "replicas: 2");
        DesiredResource rerank = deployment("rerank", "sim-local", "{type: H100-80GB, count: 1}", "replicas: 2");
        DesiredResource remote = deployment("remote", "vllm-shared", "{type: H100-80GB, count: 1}", "replicas: 1");

        List<GpuDelta> deltas = GpuDelta.of(List.of(
                step(Action.UPDATE, chat, "sim-local", replace("/spec/replicas", json("2"), json("3"))),
                step(Action.DELETE, big, "sim-local", new FieldChange("remove", "/spec", big.manifest().get("spec"), null)),
                step(Action.CREATE, embed, "sim-local"),
                step(Action.UPDATE, rerank, "sim-local",
                        replace("/spec/resources/gpu/type", json("\"A100-40GB\""), json("\"H100-80GB\""))),
                step(Action.CREATE, remote, "vllm-shared")), backends(8), io.sextant.spec.api.Kinds.builtIn());

        assertThat(deltas).containsExactly(
                new GpuDelta("sim-local", "A100-40GB", -2, 8),
                new GpuDelta("sim-local", "H100-80GB", -1, 8),
                new GpuDelta("sim-local", "L4-24GB", 4, 8),
                new GpuDelta("vllm-shared", "H100-80GB", 1, null));
        assertThat(deltas).extracting(GpuDelta::describe).containsExactly(
                "-2 A100-40GB on sim-local",
                "-1 H100-80GB on sim-local",
                "+4 L4-24GB on sim-local; pool has 8 free",
                "+1 H100-80GB on vllm-shared; capacity unknown");
        assertThat(deltas).noneMatch(GpuDelta::exceedsCapacity);
    }

    @Test
    void moreGpusThanThePoolHasFreeExceedsItsCapacity() {
        DesiredResource chat = deployment("chat", "sim-local", "{type: H100-80GB, count: 2}", "replicas: 2");

        List<GpuDelta> deltas = GpuDelta.of(List.of(step(Action.CREATE, chat, "sim-local")), backends(2), io.sextant.spec.api.Kinds.builtIn());

        assertThat(deltas).containsExactly(new GpuDelta("sim-local", "H100-80GB", 4, 2));
        assertThat(deltas.get(0).exceedsCapacity()).isTrue();
    }

    @Test
    void aGpuTypeTheBackendDoesNotHaveHasNothingFree() {
        DesiredResource chat = deployment("chat", "sim-local", "{type: B200-192GB, count: 1}", "replicas: 1");

        List<GpuDelta> deltas = GpuDelta.of(List.of(step(Action.CREATE, chat, "sim-local")), backends(8), io.sextant.spec.api.Kinds.builtIn());

        assertThat(deltas).containsExactly(new GpuDelta("sim-local", "B200-192GB", 1, 0));
        assertThat(deltas.get(0).describe()).isEqualTo("+1 B200-192GB on sim-local; pool has 0 free");
        assertThat(deltas.get(0).exceedsCapacity()).isTrue();
    }
}
