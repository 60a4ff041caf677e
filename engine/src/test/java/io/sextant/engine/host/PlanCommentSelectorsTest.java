package io.sextant.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.DesiredResource;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.Selectors;
import io.sextant.spec.api.SpecDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new route's row in the pull request's plan comment says what its selector selects (issue 11 item 6). */
class PlanCommentSelectorsTest {

    @Test
    void aNewRoutesRowSaysWhichDeploymentsItsSelectorSelects() {
        SpecLoader loader = new SpecLoader();
        List<SpecDocument> documents = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            documents.addAll(loader.load(name + ".yaml", ("apiVersion: sextant.io/v1\nkind: ModelDeployment\n"
                    + "metadata: {name: " + name + ", namespace: chat, labels: {app: chat}}\n"
                    + "spec: {backend: sim-local, model: {uri: hf://acme/m}, runtime: {engine: vllm}, replicas: 1}\n")
                    .getBytes(StandardCharsets.UTF_8)).documents());
        }
        documents.addAll(loader.load("route.yaml", """
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: chat}
                spec:
                  modelName: chat
                  targets: [{selector: {matchLabels: {app: chat}}, weight: 100}]
                """.getBytes(StandardCharsets.UTF_8)).documents());
        SpecDocument route = new Selectors(Kinds.builtIn()).resolveAll(documents).get(2);
        PlanStep create = new PlanStep(Action.CREATE, route.key(), "sim-local",
                new DesiredResource(route.resource(), route.manifest(), "0123456"), List.of(), List.of());
        PlanPreview plan = new PlanPreview("platform", new CommitInfo("0123456789abcdef0123456789abcdef01234567",
                "Ada <ada@example.com>", "route chat", Instant.EPOCH), List.of(create), List.of(), List.of(), List.of());

        String comment = PlanComment.render(plan, List.of(), true, Kinds.builtIn());

        assertThat(comment).contains("| create | `InferenceRoute/chat/chat` | sim-local | new: chat -&gt; a 50%, b 50% "
                + "(app=chat selects a, b) |");
    }
}
