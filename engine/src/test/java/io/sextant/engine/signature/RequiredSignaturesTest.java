package io.sextant.engine.signature;

import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.signature.TestSigners;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
 * A real engine on a repository served over HTTP with {@code verify-signatures: required}: commits
 * pushed with the git client, signed with ssh-keygen keys or not at all. The steps build on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequiredSignaturesTest {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final Path ROOT;
    static final Path WORK;
    static final GitHttpServer SERVER;
    static final TestSigners.Signer ADA;
    static final TestSigners.Signer MALLORY;
    static final String CHAT = "teams/search/llama-3-8b-chat.yaml";

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-signatures");
            ADA = TestSigners.ssh(ROOT, "ada", "ed25519");
            MALLORY = TestSigners.ssh(ROOT, "mallory", "ed25519");
            ADA.trust(ROOT.resolve("trusted-keys"));
            Path repos = Files.createDirectories(ROOT.resolve("server"));
            GitCli.initBare(repos.resolve("fleet.git"));
            SERVER = GitHttpServer.start(repos, "sextant", "s3cret-token");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            copySample(WORK);
            ADA.commitAll(WORK, "Import the fleet");
            git(WORK, "remote", "add", "origin", SERVER.authenticatedUrl("fleet"));
            git(WORK, "push", "-q", "origin", "main");
            Files.writeString(ROOT.resolve("git-token"), "s3cret-token\n");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN_TOKEN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> SERVER.url("fleet"));
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sources[0].auth.username", () -> "sextant");
        registry.add("sextant.sources[0].auth.token-file", () -> ROOT.resolve("git-token").toString());
        registry.add("sextant.sources[0].verify-signatures.mode", () -> "required");
        registry.add("sextant.sources[0].verify-signatures.trusted-keys", () -> ROOT.resolve("trusted-keys").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    EngineClient client() {
        return new EngineClient(port, ADMIN_TOKEN);
    }

    /** Sets the chat deployment's replicas, commits (signed by {@code signer} unless null), pushes, syncs. */
    String pushReplicas(int replicas, TestSigners.Signer signer) throws Exception {
        Path file = WORK.resolve(CHAT);
        Files.writeString(file, Files.readString(file).replaceFirst("replicas: \\d+", "replicas: " + replicas));
        String message = "search: " + replicas + " replicas";
        String commit = signer == null ? GitCli.commitAll(WORK, message) : signer.commitAll(WORK, message);
        git(WORK, "push", "-q", "origin", "main");
        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).as("reconcile finished").isTrue();
        return commit;
    }

    /** The types of the chat deployment's conditions, as the one-resource view shows them. */
    java.util.List<String> conditions() {
        return client().getJson("/api/v1/resources/ModelDeployment/search/llama-3-8b-chat").get("conditions")
                .findValuesAsString("type");
    }

    int liveReplicas() {
        return client().getJson("/api/v1/resources/ModelDeployment/search/llama-3-8b-chat")
                .get("observed").get("spec").get("replicas").asInt();
    }

    @Test
    @Order(1)
    void aSignedFleetIsAppliedAtStartUp() {
        EngineClient client = client();
        EngineClient.await("every sample resource applied", Duration.ofSeconds(60),
                () -> client.getJson("/api/v1/audit?action=create").get("items").size() == 7);
        assertThat(liveReplicas()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void anUnsignedCommitIsBlockedAndAudited() throws Exception {
        String commit = pushReplicas(5, null);

        JsonNode events = client().getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("action").asString()).isEqualTo("blocked");
        assertThat(event.get("outcome").asString()).isEqualTo("blocked");
        assertThat(event.get("error").asString()).isEqualTo("commit " + commit.substring(0, 7)
                + " is not signed by a trusted key (UNSIGNED: the commit is not signed)");
        assertThat(event.get("resource").get("name").asString()).isEqualTo("llama-3-8b-chat");
        assertThat(event.has("signedBy")).as("no verified signer").isFalse();
        JsonNode status = client().resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(status.get("operation").asString()).isEqualTo("Blocked");
        assertThat(status.get("message").asString()).contains("UNSIGNED");
        assertThat(conditions()).contains("Stalled");
        JsonNode source = client().getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("lastSeenRevision").asString()).isEqualTo(commit);
        assertThat(source.get("lastSyncedRevision").asString()).as("a blocked commit is not the last synced one")
                .isNotEqualTo(commit);
        assertThat(source.get("notAppliedReason").asString()).startsWith("blocked: commit " + commit.substring(0, 7));
        assertThat(client().getJson("/api/v1/overview").get("operation").get("Blocked").asInt()).isEqualTo(1);
        assertThat(liveReplicas()).as("nothing live changed").isEqualTo(2);
    }

    @Test
    @Order(3)
    void aCommitSignedByAnUntrustedKeyIsBlocked() throws Exception {
        String commit = pushReplicas(6, MALLORY);

        JsonNode event = client().getJson("/api/v1/audit?commit=" + commit).get("items").get(0);
        assertThat(event.get("action").asString()).isEqualTo("blocked");
        assertThat(event.get("error").asString()).startsWith("commit " + commit.substring(0, 7)
                + " is not signed by a trusted key (UNTRUSTED: signed with SSH key SHA256:");
        assertThat(liveReplicas()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void aCommitSignedByATrustedKeyIsApplied() throws Exception {
        String commit = pushReplicas(3, ADA);

        JsonNode events = client().getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("update");
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(events.get(0).get("signedBy").get("fingerprint").asString()).startsWith("SHA256:");
        assertThat(events.get(0).get("signedBy").get("principal").asString()).isNotBlank();
        assertThat(client().getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
        assertThat(liveReplicas()).isEqualTo(3);
        JsonNode status = client().resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(status.get("sync").asString()).isEqualTo("Synced");
        // The later success clears what the blocked commits left: Blocked, Stalled, the reason, the count.
        assertThat(status.get("operation").asString()).isEqualTo("Succeeded");
        assertThat(conditions()).contains("Ready", "Synced").doesNotContain("Stalled");
        JsonNode source = client().getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("lastSyncedRevision").asString()).isEqualTo(commit);
        assertThat(source.get("notAppliedReason").isNull()).as("notAppliedReason %s", source).isTrue();
        JsonNode operation = client().getJson("/api/v1/overview").get("operation");
        assertThat(operation.get("Blocked").asInt() + operation.get("Failed").asInt()).isZero();
    }

    static void copySample(Path target) throws IOException {
        Path sample = Path.of("..", "sample-repo").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sample)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path to = target.resolve(sample.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
        }
    }
}
