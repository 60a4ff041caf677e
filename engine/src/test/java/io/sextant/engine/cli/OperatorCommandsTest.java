package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.EngineClient;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.ModelDeployment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/**
 * The operator's commands against one real engine whose reads need a token, watching a local repository
 * of the sample fleet, with self-heal off so that drift stays visible: what a user sees printed and the exit
 * codes a script sees, in the order an operator would meet them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsTest {

    static final String ADMIN_TOKEN = "operator-test-admin-token";
    static final String READ_TOKEN = "operator-test-read-token";
    static final ResourceKey RERANKER = new ResourceKey(ModelDeployment.KIND, "ranking", "bge-reranker");
    static final Path ROOT;
    static final Path WORK;

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-operator");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            ValidateCommandTest.copy(ValidateCommandTest.SAMPLE.resolve("teams"), WORK.resolve("teams"));
            GitCli.commitAll(WORK, "Import the fleet");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN_TOKEN);
        registry.add("sextant.api.read-token", () -> READ_TOKEN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> WORK.toString());
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sync.self-heal", () -> "false");
        registry.add("sextant.drift.interval", () -> "1s");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    BackendRegistry backends;

    /** A command as an operator runs it: engine and token from the environment. */
    CliRun run(String token, String... args) {
        return CliRun.withEnv(Map.of("SEXTANT_SERVER", "http://127.0.0.1:" + port, "SEXTANT_TOKEN", token), args);
    }

    @Test
    @Order(1)
    void waitAllReturnsOnceTheFleetIsSyncedAndGetListsItAsKubectlWould() {
        CliRun wait = run(READ_TOKEN, "wait", "--all", "--for", "Synced", "--timeout", "90s");
        assertThat(wait.code()).as(wait.err()).isZero();
        assertThat(wait.out()).isEqualTo("all resources condition met: Synced\n");

        CliRun get = run(READ_TOKEN, "get", "resources");

        assertThat(get.code()).as(get.err()).isZero();
        List<String> lines = get.out().lines().toList();
        assertThat(lines.get(0)).matches("KIND +NAMESPACE +NAME +SYNC +HEALTH +OPERATION +REVISION +AGE");
        String head = GitCli.head(WORK).substring(0, 7);
        assertThat(lines).hasSize(8).anyMatch(line -> line.matches(
                "ModelDeployment +ranking +bge-reranker +Synced +Healthy +Succeeded +" + head + " +\\d+s"));
        int column = lines.get(0).indexOf("NAME ");
        assertThat(lines).allMatch(line -> line.charAt(column - 1) == ' ', "columns aligned");

        assertThat(run(READ_TOKEN, "get", "resources", "-o", "wide").out().lines().findFirst().orElseThrow())
                .matches(".* AGE +BACKEND +SOURCE +MESSAGE");
        assertThat(run(READ_TOKEN, "get", "resources", "-n", "search", "--no-headers").out().lines())
                .hasSize(4).allMatch(line -> line.split(" +")[1].equals("search"));
        assertThat(run(READ_TOKEN, "get", "resources", "-l", "tier=prod,team=ranking", "-o", "name").out())
                .isEqualTo("ModelDeployment/ranking/bge-reranker\n");
    }

    @Test
    @Order(2)
    void jsonAndYamlPrintTheApisItemsUnchanged() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/resources"))
                .header("Authorization", "Bearer " + READ_TOKEN).build();
        JsonNode api = JsonMapper.builder().build().readTree(
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());

        CliRun json = run(READ_TOKEN, "get", "resources", "-o", "json");
        CliRun yaml = run(READ_TOKEN, "get", "resources", "-oyaml");

        assertThat(JsonMapper.builder().build().readTree(json.out())).isEqualTo(api);
        JsonNode fromYaml = JsonMapper.builder().build().valueToTree(new Yaml().load(yaml.out()));
        assertThat(fromYaml).isEqualTo(api);
    }

    @Test
    @Order(3)
    void sourcesAndBackendsAreListedToo() {
        String head = GitCli.head(WORK).substring(0, 7);
        assertThat(run(READ_TOKEN, "get", "sources").out().lines()).element(1).asString()
                .matches("fleet +main +" + head + " +" + head + " +0 +\\d+s");
        assertThat(run(READ_TOKEN, "get", "backends").out().lines()).element(1).asString()
                .matches("sim-local +sim +.*\\d+/\\d+.*");
    }

    @Test
    @Order(4)
    void describeAndHistoryShowStatusConditionsAndTheAuditTrail() {
        CliRun describe = run(READ_TOKEN, "describe", "ModelDeployment/ranking/bge-reranker");

        assertThat(describe.code()).as(describe.err()).isZero();
        assertThat(describe.out()).containsPattern("\nSync: +Synced\n").containsPattern("\nHealth: +Healthy\n")
                .containsPattern("\n  Ready +True +Healthy").contains("Diff (observed → desired):\n  (none: live state")
                .containsPattern("Events \\(newest 1\\):\n  TIME +COMMIT +PR +ACTION +OUTCOME +ACTOR +DIFF\n  \\S+ +"
                        + GitCli.head(WORK).substring(0, 7) + " +create +succeeded +sextant \\(\\w+\\)");

        CliRun history = run(READ_TOKEN, "history", "ModelDeployment/ranking/bge-reranker");
        assertThat(history.code()).isZero();
        assertThat(history.out().lines()).hasSize(2).element(1).asString()
                .matches(".* create +succeeded +sextant \\(\\w+\\) +\\(new resource\\)");
    }

    @Test
    @Order(5)
    void anUnknownResourceExitsWithThreeAndTheEnginesReason() {
        CliRun run = run(READ_TOKEN, "describe", "ModelDeployment/ranking/no-such-model");

        assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: ").contains("no-such-model").endsWith("(HTTP 404)\n");
    }

    @Test
    @Order(6)
    void diffShowsDriftLikeAUnifiedDiffAndExitsWithTwo() throws Exception {
        assertThat(run(READ_TOKEN, "diff").code()).as("no drift yet").isZero();
        ((DriftControl) backends.find("sim-local").orElseThrow()).setField(RERANKER, "/spec/replicas", IntNode.valueOf(5));
        CliRun drifted = run(READ_TOKEN, "wait", "ModelDeployment/ranking/bge-reranker", "--for", "condition=Stalled",
                "--timeout", "1s");
        assertThat(drifted.code()).as("OutOfSync is not stalled").isEqualTo(ExitCode.TIMED_OUT);
        EngineClient.await("the drift seen", Duration.ofSeconds(30),
                () -> run(READ_TOKEN, "diff").code() == ExitCode.DIFFERENCES);

        CliRun diff = run(READ_TOKEN, "diff");

        assertThat(diff.out().lines()).containsExactly(
                "diff ModelDeployment/ranking/bge-reranker (desired at " + GitCli.head(WORK).substring(0, 7)
                        + ", live on sim-local)",
                "--- observed ModelDeployment/ranking/bge-reranker",
                "+++ desired ModelDeployment/ranking/bge-reranker",
                "@@ /spec/replicas @@", "-5", "+2");
        assertThat(run(READ_TOKEN, "diff", "ModelDeployment/search/llama-3-8b-chat").code()).isZero();
        assertThat(run(READ_TOKEN, "history", "ModelDeployment/ranking/bge-reranker", "--limit", "1").out().lines())
                .element(1).asString().matches(".* drift-detected +\\w+ +sextant \\(drift\\) +/spec/replicas (2→5|5→2)");
    }

    @Test
    @Order(7)
    void aReadTokenMayNotSyncAndAMissingTokenIsExplained() {
        CliRun forbidden = run(READ_TOKEN, "sync");
        assertThat(forbidden.code()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(forbidden.err()).startsWith("error: ").endsWith("(HTTP 403)\n").doesNotContain(READ_TOKEN);

        CliRun anonymous = CliRun.withEnv(Map.of("SEXTANT_SERVER", "http://127.0.0.1:" + port), "get", "sources");
        assertThat(anonymous.code()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(anonymous.err()).endsWith("(HTTP 401); this engine needs a token: set SEXTANT_TOKEN or pass --token-file\n");
    }

    @Test
    @Order(8)
    void aCommittedResourceIsWaitedForUntilSyncAppliesIt() throws Exception {
        Path large = WORK.resolve("teams/embeddings/bge-large-en.yaml");
        Files.writeString(WORK.resolve("teams/embeddings/bge-small-en.yaml"),
                Files.readString(large).replace("bge-large-en", "bge-small-en"));
        String commit = GitCli.commitAll(WORK, "add bge-small");
        assertThat(run(READ_TOKEN, "wait", "ModelDeployment/embeddings/bge-small-en", "--timeout", "1s").code())
                .as("not applied before a sync").isEqualTo(ExitCode.TIMED_OUT);

        CliRun sync = run(ADMIN_TOKEN, "sync", "--source", "fleet", "--wait", "--timeout", "60s");
        CliRun wait = run(READ_TOKEN, "wait", "ModelDeployment/embeddings/bge-small-en", "--for=Synced", "--timeout=60s");

        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(sync.out()).isEqualTo("sync requested: fleet\nsource fleet: synced at " + commit.substring(0, 7) + "\n");
        assertThat(wait.code()).as(wait.err()).isZero();
        assertThat(wait.out()).isEqualTo("ModelDeployment/embeddings/bge-small-en condition met: Synced\n");
        assertThat(run(READ_TOKEN, "get", "resources", "--no-headers", "-n", "embeddings").out())
                .contains("bge-small-en").contains(commit.substring(0, 7));
        CliRun ready = run(READ_TOKEN, "wait", "--all", "-n", "embeddings", "--for", "condition=Ready", "--timeout", "60s");
        assertThat(ready.code()).as(ready.err()).isZero();
        assertThat(run(READ_TOKEN, "wait", "ModelDeployment/embeddings/bge-small-en", "--for", "Healthy").code()).isZero();
    }

    @Test
    @Order(9)
    void aTokenOnTheCommandLineWorksButIsWarnedAbout() throws Exception {
        Path tokenFile = Files.writeString(ROOT.resolve("token"), READ_TOKEN + "\n");
        CliRun fromFile = CliRun.of("get", "backends", "--server", "http://127.0.0.1:" + port, "--token-file",
                tokenFile.toString(), "--no-headers");
        assertThat(fromFile.code()).isZero();
        assertThat(fromFile.err()).isEmpty();

        CliRun flag = CliRun.of("get", "backends", "--server", "http://127.0.0.1:" + port, "--token", READ_TOKEN);
        assertThat(flag.code()).isZero();
        assertThat(flag.err()).isEqualTo("warning: --token shows the token in the process list; prefer SEXTANT_TOKEN"
                + " or --token-file\n");
    }

    @Test
    @Order(10)
    void suspendAndResumeGoThroughTheEngineWithTheReasonAndWhoDidIt() throws Exception {
        String reranker = "ModelDeployment/ranking/bge-reranker";

        CliRun suspend = run(ADMIN_TOKEN, "suspend", reranker, "--reason", "GPU maintenance & rack swap");
        CliRun again = run(ADMIN_TOKEN, "suspend", reranker);
        JsonNode item = resource(run(READ_TOKEN, "get", "resources", "-o", "json").out(), "bge-reranker");
        CliRun byReader = run(READ_TOKEN, "suspend", "source/fleet");
        CliRun missing = run(ADMIN_TOKEN, "suspend", "ModelDeployment/ranking/nope");
        CliRun notAName = run(ADMIN_TOKEN, "suspend", "bge-reranker");

        assertThat(suspend.code()).as(suspend.err()).isZero();
        assertThat(suspend.out()).isEqualTo(reranker + " suspended\n");
        assertThat(again.code()).as("suspending twice is idempotent").isZero();
        assertThat(item.path("suspended").asBoolean()).isTrue();
        assertThat(item.path("suspendReason").asString()).isEqualTo("GPU maintenance & rack swap");
        assertThat(item.path("suspendedBy").asString()).isNotBlank();
        assertThat(byReader.code()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(byReader.err()).startsWith("error: ").endsWith("(HTTP 403)\n");
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).startsWith("error: ").endsWith("(HTTP 404)\n");
        assertThat(notAName.code()).isEqualTo(ExitCode.ERROR);
        assertThat(notAName.err()).startsWith("sextant suspend: 'bge-reranker' is not KIND/NAMESPACE/NAME");

        CliRun resume = run(ADMIN_TOKEN, "resume", reranker);
        CliRun source = run(ADMIN_TOKEN, "suspend", "source/fleet", "--reason", "launch freeze");
        CliRun sourceResumed = run(ADMIN_TOKEN, "resume", "source/fleet");

        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.out()).isEqualTo(reranker + " resumed\n");
        assertThat(resource(run(READ_TOKEN, "get", "resources", "-o", "json").out(), "bge-reranker")
                .path("suspended").asBoolean()).isFalse();
        assertThat(source.code()).as(source.err()).isZero();
        assertThat(sourceResumed.code()).as(sourceResumed.err()).isZero();
        assertThat(sourceResumed.out()).isEqualTo("source/fleet resumed\n");
        JsonNode audit = JsonMapper.builder().build().readTree(run(READ_TOKEN, "history", reranker, "-o", "json").out());
        assertThat(audit.toString()).contains("\"suspend\"").contains("\"resume\"");
    }

    private static JsonNode resource(String json, String name) {
        for (JsonNode item : JsonMapper.builder().build().readTree(json).path("items")) {
            if (item.path("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no resource " + name + " in " + json);
    }

    @Test
    void anUnreachableEngineIsNamedWithoutCredentialsAndExitsWithOne() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        CliRun run = CliRun.withEnv(Map.of("SEXTANT_SERVER", "http://127.0.0.1:" + closed, "SEXTANT_TOKEN", "s3cret"),
                "get", "resources");
        CliRun withUserInfo = CliRun.of("get", "resources", "--server", "http://admin:s3cret@127.0.0.1:" + closed);

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).isEqualTo("error: cannot reach the engine at http://127.0.0.1:" + closed
                + ": connection refused; is the engine running there?\n");
        assertThat(withUserInfo.code()).isEqualTo(ExitCode.ERROR);
        assertThat(withUserInfo.err()).doesNotContain("s3cret").contains("--server must not hold credentials");
    }

    @Test
    void wrongUsageSaysWhatIsWrongAndExitsWithOne() {
        CliRun format = run(READ_TOKEN, "get", "resources", "-o", "xml");
        CliRun name = run(READ_TOKEN, "describe", "llama");

        assertThat(format.code()).isEqualTo(ExitCode.ERROR);
        assertThat(format.err()).startsWith("sextant get: -o xml: expected table, wide, json, yaml or name\nusage: ");
        assertThat(name.err()).startsWith("sextant describe: 'llama' is not KIND/NAMESPACE/NAME");
        assertThat(run(READ_TOKEN, "wait", "--help").out()).contains("5 timed out");
    }
}
