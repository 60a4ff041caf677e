package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A route that selects its deployments by label, on the real engine and the {@code sim} backend: the resource
 * page and the plan show what the selector resolved to, and a commit that only changes a deployment's labels
 * moves the route's traffic (issue 11 item 6).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteSelectorTest {

    static final String TOKEN = "selector-admin-token";
    static final Path ROOT;
    static final Path WORK;

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-selectors");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            GitCli.writeFile(WORK, "teams/chat/a.yaml", deployment("a", "app: chat, tier: prod"));
            GitCli.writeFile(WORK, "teams/chat/b.yaml", deployment("b", "app: chat, tier: canary"));
            GitCli.writeFile(WORK, "teams/chat/route.yaml", """
                    apiVersion: sextant.io/v1
                    kind: InferenceRoute
                    metadata: {name: chat, namespace: chat}
                    spec:
                      modelName: chat
                      targets:
                        - {selector: {matchLabels: {app: chat}}, weight: 100}
                    """);
            GitCli.commitAll(WORK, "A route over every chat deployment");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String deployment(String name, String labels) {
        return "apiVersion: sextant.io/v1\nkind: ModelDeployment\n"
                + "metadata: {name: " + name + ", namespace: chat, labels: {" + labels + "}}\n"
                + "spec:\n  backend: sim-local\n  model: {uri: hf://acme/" + name + "}\n"
                + "  runtime: {engine: vllm}\n  resources: {gpu: {type: H100-80GB, count: 1}}\n  replicas: 1\n";
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> TOKEN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> WORK.toString());
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> "4");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    EngineClient client() {
        return new EngineClient(port, TOKEN);
    }

    JsonNode route() {
        return client().getJson("/api/v1/resources/InferenceRoute/chat/chat");
    }

    static List<String> targets(JsonNode manifest) {
        List<String> targets = new ArrayList<>();
        manifest.at("/spec/targets").forEach(t -> targets.add(t.path("deployment").asString() + " " + t.path("weight").asInt()));
        return targets;
    }

    @Test
    @Order(1)
    void theResourcePageShowsWhatTheSelectorSelectsAndTheRouteServesIt() {
        EngineClient.await("the route Synced and Healthy", Duration.ofSeconds(60), () -> {
            JsonNode item = client().resource("InferenceRoute", "chat", "chat");
            return item != null && item.get("sync").asString().equals("Synced") && item.get("health").asString().equals("Healthy");
        });
        JsonNode route = route();

        assertThat(targets(route.get("desired"))).containsExactly("a 50", "b 50");
        assertThat(route.at("/desired/spec/selectors/0/deployments").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(route.get("summary").asString()).isEqualTo("chat -> a 50%, b 50% (app=chat selects a, b)");
        assertThat(route.get("backend").asString()).as("inherited from the first selected deployment").isEqualTo("sim-local");
        assertThat(route.get("message").asString()).contains("routes to a, b");
    }

    @Test
    @Order(2)
    void aCommitThatOnlyRelabelsADeploymentMovesTheRoutesTraffic() throws Exception {
        GitCli.writeFile(WORK, "teams/chat/b.yaml", deployment("b", "app: retired, tier: canary"));
        String head = GitCli.commitAll(WORK, "Retire b from the chat route");

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + head);
        JsonNode routeStep = null;
        for (JsonNode step : plan.get("steps")) {
            if (step.at("/resource/kind").asString().equals("InferenceRoute")) {
                routeStep = step;
            }
        }
        assertThat(routeStep).as("the plan updates the route whose file did not change").isNotNull();
        assertThat(routeStep.get("action").asString()).isEqualTo("update");
        assertThat(routeStep.get("diff").toString()).contains("/spec/targets");

        client().sync();
        assertThat(reconciler.awaitIdle(30_000)).isTrue();
        EngineClient.await("the route applied at the new commit", Duration.ofSeconds(30),
                () -> head.equals(route().get("appliedRevision").asString()));
        JsonNode route = route();
        assertThat(targets(route.get("desired"))).containsExactly("a 100");
        assertThat(route.get("summary").asString()).isEqualTo("chat -> a 100% (app=chat selects a)");
        assertThat(route.get("sync").asString()).isEqualTo("Synced");
    }
}
