package io.sextant.engine.secrets;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A running engine resolves a deployment's {@code secretRef} from {@code sextant.secrets} without the value
 * reaching anything it shows, and refuses a file holding a literal credential without the literal reaching
 * anything either, while the rest of that commit syncs. The steps build on each other, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class SecretsEngineTest {

    /** The engine-side value: it must reach the backend's check and nothing a person can read. */
    static final String VALUE = "resolved-value-7Qx9";
    /** A literal Hugging Face token (built here so no scanner mistakes this file for a leak). */
    static final String LITERAL = "hf_" + "Zt8kQ2mN5pR7sV1xW4yB6cD9eF3gH0jL";

    @TempDir
    static Path root;

    Path work;
    ConfigurableApplicationContext engine;
    EngineClient client;

    static String deployment(String name, String secret, int replicas, String extra) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: sim-local
                  model:
                    uri: hf://meta-llama/Llama-3.1-8B-Instruct
                    credentials: {secretRef: {name: %s, key: token}}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: %d
                """.formatted(name, secret, replicas) + extra;
    }

    @BeforeAll
    void start() throws IOException {
        Path origin = GitCli.initBare(root.resolve("fleet.git"));
        work = GitCli.initRepo(root.resolve("work"));
        Files.createDirectories(work.resolve("teams/search"));
        Files.writeString(work.resolve("teams/search/llama.yaml"), deployment("llama", "hf-token", 1, ""));
        commitAll(work, "llama with a token by reference");
        git(work, "remote", "add", "origin", origin.toString());
        git(work, "push", "-q", "origin", "main");
        Path secrets = Files.createDirectories(root.resolve("secrets/hf-token"));
        Files.writeString(secrets.resolve("token"), VALUE + "\n");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + origin,
                "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=8",
                "sextant.secrets.hf-token.file=" + secrets).run();
        client = new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
        EngineClient.await("llama synced", Duration.ofSeconds(60), () -> {
            JsonNode llama = client.resource("ModelDeployment", "search", "llama");
            return llama != null && llama.get("sync").asString().equals("Synced");
        });
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void appliesADeploymentWhoseSecretResolvesAndShowsOnlyTheReference(CapturedOutput output) {
        JsonNode llama = client.getJson("/api/v1/resources/ModelDeployment/search/llama");

        assertThat(llama.get("operation").asString()).isEqualTo("Succeeded");
        assertThat(llama.at("/desired/spec/model/credentials/secretRef/name").asString()).isEqualTo("hf-token");
        assertThat(llama.at("/observed/spec/model/credentials/secretRef/key").asString()).isEqualTo("token");
        assertNowhere(VALUE, output);
    }

    @Test
    @Order(2)
    void aMissingSecretFailsTheResourceNamingTheSecret(CapturedOutput output) throws Exception {
        Files.writeString(work.resolve("teams/search/mistral.yaml"), deployment("mistral", "mistral-token", 1, ""));
        push("mistral, whose secret the engine does not have");

        JsonNode mistral = client.resource("ModelDeployment", "search", "mistral");
        assertThat(mistral.get("operation").asString()).isEqualTo("Failed");
        assertThat(mistral.get("message").asString()).contains("secret 'mistral-token' (key 'token') cannot be resolved")
                .contains("sextant.secrets.mistral-token");
        assertNowhere(VALUE, output);
    }

    @Test
    @Order(3)
    void aLiteralTokenRefusesItsFileKeepsItsResourceLiveAndAppearsNowhere(CapturedOutput output) throws Exception {
        Files.writeString(work.resolve("teams/search/llama.yaml"),
                deployment("llama", "hf-token", 3, "# the token, for convenience: " + LITERAL + "\n"));
        Files.writeString(work.resolve("teams/search/qwen.yaml"), deployment("qwen", "hf-token", 1, ""));
        String commit = push("qwen; llama to 3 replicas, with a pasted token");

        JsonNode source = client.getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("path").asString()).isEqualTo("teams/search/llama.yaml");
            assertThat(error.get("line").asInt()).isEqualTo(12);
            assertThat(error.get("message").asString()).contains("Hugging Face token (hf_…(redacted))");
        });
        assertThat(client.resource("ModelDeployment", "search", "qwen").get("sync").asString()).isEqualTo("Synced");
        JsonNode llama = client.getJson("/api/v1/resources/ModelDeployment/search/llama");
        assertThat(llama.at("/observed/spec/replicas").asInt()).as("live as it was").isEqualTo(1);
        assertThat(client.get("/api/v1/plan?revision=" + commit).body()).doesNotContain(LITERAL);
        assertNowhere(LITERAL, output);
    }

    /** Every read surface a person or a log collector sees. */
    private void assertNowhere(String secret, CapturedOutput output) {
        for (String path : new String[] {"/api/v1/resources", "/api/v1/sources", "/api/v1/audit?limit=1000",
                "/api/v1/resources/ModelDeployment/search/llama", "/api/v1/resources/ModelDeployment/search/mistral",
                "/api/v1/resources/ModelDeployment/search/qwen", "/api/v1/backends", "/api/v1/notifications",
                "/actuator/prometheus"}) {
            assertThat(client.get(path).body()).as(path).doesNotContain(secret);
        }
        assertThat(output.getAll()).as("logs").doesNotContain(secret);
    }

    private String push(String message) throws InterruptedException {
        String commit = commitAll(work, message);
        git(work, "push", "-q", "origin", "main");
        client.sync();
        assertThat(engine.getBean(Reconciler.class).awaitIdle(60_000)).as("reconcile finished").isTrue();
        return commit;
    }
}
