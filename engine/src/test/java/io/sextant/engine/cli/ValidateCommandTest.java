package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sextant.jar validate} on the sample repository and on broken copies of it, as CI would run it. */
class ValidateCommandTest {

    static final Path SAMPLE = Path.of("..", "sample-repo").toAbsolutePath().normalize();
    static final String OFFLINE = " (backend, policy and quota checks skipped: no --config)";
    /** The error of the sample's chat deployment once {@code replicas: 2} reads {@code replicas: [2}. */
    static final String BROKEN_CHAT = "teams/search/llama-3-8b-chat.yaml:19: invalid YAML: expected ',' or ']', but got"
            + " <stream end> (while parsing a flow sequence)";

    @TempDir
    Path tmp;
    Path checkout;

    @BeforeEach
    void copyTheSampleTeams() throws IOException {
        checkout = tmp.resolve("checkout");
        copy(SAMPLE.resolve("teams"), checkout.resolve("teams"));
    }

    @Test
    void theSampleRepositoryIsValid() {
        CliRun run = CliRun.of("validate", "--paths", "teams/", SAMPLE.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("sextant validate: ").endsWith(" resources: valid" + OFFLINE + "\n");
    }

    @Test
    void aValidCheckoutPrintsOnlyItsSummary() {
        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("sextant validate: 7 files, 7 resources: valid" + OFFLINE + "\n");
    }

    @Test
    void aBrokenCheckoutListsEveryErrorAsFileLineFieldMessage() throws IOException {
        edit("teams/search/llama-3-8b-chat.yaml", "replicas: 2", "replicas: 2\n  autoscaling: {minReplicas: 1, maxReplicas: 3}");
        edit("teams/ranking/bge-reranker.yaml", "count: 1", "count: 1\n    bad: [unclosed");
        edit("teams/research/llama-3-70b.yaml", "count: 4}", "count: 3}");
        Files.createDirectories(checkout.resolve(".git/hooks"));
        Files.writeString(checkout.resolve(".git/hooks/not-a-spec.yaml"), "junk: [");

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "teams/ranking/bge-reranker.yaml:18: invalid YAML: expected ',' or '}', but got : (while parsing a flow mapping)",
                "teams/research/llama-3-70b.yaml:17: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (4)",
                "teams/search/llama-3-8b-chat.yaml:20: spec.autoscaling: set either replicas or autoscaling, not both");
        assertThat(run.err()).isEqualTo("sextant validate: 3 errors in 3 files (7 files, 6 resources checked)" + OFFLINE + "\n");
    }

    @Test
    void aDeploymentInTheDeprecatedV1beta1IsValidWithAWarning() throws IOException {
        edit("teams/search/llama-3-8b-chat.yaml", "apiVersion: sextant.io/v1", "apiVersion: sextant.io/v1beta1");
        edit("teams/search/llama-3-8b-chat.yaml", "    args: {", "    engineArgs: {");

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("teams/search/llama-3-8b-chat.yaml:2: apiVersion: sextant.io/v1beta1 is deprecated: "
                + "use sextant.io/v1 (spec.runtime.engineArgs is now spec.runtime.args) (warning)\n");
        assertThat(run.err()).isEqualTo("sextant validate: 7 files, 7 resources: valid" + OFFLINE + "\n");
    }

    @Test
    void showSelectorsPrintsWhatEachOfTheSampleRoutesSelectorsSelects() {
        CliRun run = CliRun.of("validate", "--show-selectors", checkout.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "teams/search/chat-route.yaml:11: spec.targets[0].selector: team=search,tier=prod selects ModelDeployment "
                        + "llama-3-8b-chat (info)",
                "teams/search/chat-route.yaml:12: spec.targets[1].selector: team=search,tier=canary selects ModelDeployment "
                        + "llama-3-8b-chat-v2 (info)");
        assertThat(run.err()).isEqualTo("sextant validate: 7 files, 7 resources: valid" + OFFLINE + "\n");
    }

    @Test
    void aSelectorThatSelectsNothingIsAnErrorAtItsField() throws IOException {
        edit("teams/search/llama-3-8b-chat-v2.yaml", "tier: canary", "tier: staging");

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("teams/search/chat-route.yaml:12: spec.targets[1].selector: selector "
                + "team=search,tier=canary matches no ModelDeployment in namespace 'search'\n");
    }

    @Test
    void aDeploymentWhoseFileFailsToParseIsOneErrorNotAlsoNotFoundAtWhatRefersToIt() throws IOException {
        edit("teams/search/llama-3-8b-chat.yaml", "replicas: 2", "replicas: [2");

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(BROKEN_CHAT + "\n");
        assertThat(run.err()).isEqualTo("sextant validate: 1 error in 1 file (7 files, 6 resources checked)" + OFFLINE
                + "; 2 references into files that fail to load not checked\n");
    }

    @Test
    void withAConfigFileBackendsPolicyAndQuotaAreChecked() throws IOException {
        Path config = Files.writeString(tmp.resolve("application.yaml"), """
                server: {port: 8080}
                sextant:
                  backends:
                    - {name: sim-local, type: sim, gpus: {H100-80GB: 8}}
                  policy:
                    namespaces:
                      search: {backends: [sim-local], gpu-quota: {H100-80GB: 2}}
                      embeddings: {backends: [prod-k8s]}
                      ranking: {}
                      research: {backends: [sim-local]}
                ---
                spring.config.activate.on-profile: prod
                sextant:
                  backends: [{name: prod-k8s, type: kubernetes}]
                """);

        CliRun run = CliRun.of("validate", "--config", config.toString(), checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "teams/embeddings/bge-large-en.yaml:9: spec.backend: namespace 'embeddings' may not use backend"
                        + " 'sim-local' (allowed: prod-k8s) [policy backends]",
                "teams/search/llama-3-8b-chat-v2.yaml:19: spec.resources.gpu.count: namespace 'search' would hold"
                        + " 3 H100-80GB GPUs, over its quota of 2 (this deployment: 1 replicas x 1) [policy gpu-quota]",
                "teams/search/llama-3-8b-chat.yaml:18: spec.resources.gpu.count: namespace 'search' would hold"
                        + " 3 H100-80GB GPUs, over its quota of 2 (this deployment: 2 replicas x 1) [policy gpu-quota]");
        assertThat(run.err()).isEqualTo("sextant validate: 3 errors in 3 files (7 files, 7 resources checked)\n");
    }

    /** The policy of the README's Policy section, over the sample's search team only. */
    private static final String SEARCH_POLICY = """
            sextant:
              backends:
                - {name: sim-local, type: sim, gpus: {H100-80GB: 8, L4-24GB: 8}}
              policy:
                defaults:
                  gpus: {allowed-types: [L4-24GB]}
                namespaces:
                  search:
                    backends: [sim-local]
                    models: {allowed-uris: ["hf://meta-llama/", "s3://acme-models/"], require-pinned-revision: true}
                    images: {allowed-registries: ["nvcr.io/", "docker.io/vllm/"]}
                    gpus: {allowed-types: [H100-80GB, L4-24GB], max-per-replica: 4}
                    runtime-args: {allowed: [max-model-len, tensor-parallel-size, enable-lora], denied: [trust-remote-code]}
            """;

    @Test
    void withAConfigFilePolicyViolationsAreErrorsAtFileLineAndField() throws IOException {
        Files.walk(checkout.resolve("teams")).filter(p -> Files.isDirectory(p) && p.getFileName().toString()
                .matches("embeddings|ranking|research")).forEach(ValidateCommandTest::deleteTree);
        edit("teams/search/llama-3-8b-chat.yaml", "hf://meta-llama/Llama-3.1-8B-Instruct", "hf://meta-llama-evil/x");
        edit("teams/search/llama-3-8b-chat.yaml", "vllm/vllm-openai:v0.11.0", "docker.io.evil.com/vllm/vllm-openai:v1");
        edit("teams/search/llama-3-8b-chat.yaml", "enable-lora: true", "enable-lora: true, trust_remote_code: true");
        Path config = Files.writeString(tmp.resolve("application.yaml"), SEARCH_POLICY);

        CliRun run = CliRun.of("validate", "--config", config.toString(), checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> line.startsWith("teams/search/llama-3-8b-chat.yaml:"))).containsExactly(
                "teams/search/llama-3-8b-chat.yaml:11: spec.model.uri: hf://meta-llama-evil/x is not allowed in"
                        + " namespace search (allowed: hf://meta-llama/, s3://acme-models/) [policy models.allowed-uris]",
                "teams/search/llama-3-8b-chat.yaml:12: spec.model.revision: revision of hf://meta-llama-evil/x '0e9e39f'"
                        + " is not an immutable revision (expected a full 40-hex lower-case commit id, not a branch, tag"
                        + " or short id); namespace search requires pinned model revisions"
                        + " [policy models.require-pinned-revision]",
                "teams/search/llama-3-8b-chat.yaml:15: spec.runtime.image: docker.io.evil.com/vllm/vllm-openai:v1"
                        + " (docker.io.evil.com/vllm/vllm-openai) is not allowed in namespace search (allowed: nvcr.io/,"
                        + " docker.io/vllm/) [policy images.allowed-registries]",
                "teams/search/llama-3-8b-chat.yaml:16: spec.runtime.args.trust_remote_code: runtime argument"
                        + " trust_remote_code is denied in namespace search [policy runtime-args.denied]");
    }

    @Test
    void aPolicyThatCannotBeEnforcedAsWrittenIsRefusedNamingItsKey() throws IOException {
        Path prefix = Files.writeString(tmp.resolve("prefix.yaml"), SEARCH_POLICY.replace("\"hf://meta-llama/\"",
                "\"hf://meta-llama/../\""));
        CliRun badPrefix = CliRun.of("validate", "--config", prefix.toString(), checkout.toString());
        assertThat(badPrefix.code()).isEqualTo(2);
        assertThat(badPrefix.err().lines().findFirst().orElseThrow()).isEqualTo("sextant validate: --config " + prefix
                + ": sextant.policy.namespaces.search.models.allowed-uris: 'hf://meta-llama/../' has a '..' segment");

        Path gpu = Files.writeString(tmp.resolve("gpu.yaml"), SEARCH_POLICY.replace("[H100-80GB, L4-24GB]", "[H100-80G]"));
        CliRun badGpu = CliRun.of("validate", "--config", gpu.toString(), checkout.toString());
        assertThat(badGpu.code()).isEqualTo(2);
        assertThat(badGpu.err().lines().findFirst().orElseThrow()).isEqualTo("sextant validate: --config " + gpu
                + ": sextant.policy.namespaces.search.gpus.allowed-types: names GPU type 'H100-80G', which none of its"
                + " backends has (they have: H100-80GB, L4-24GB)");
    }

    @Test
    void aConfigFileWithoutBackendsMeansTheEnginesDefaultBackend() throws IOException {
        edit("teams/embeddings/bge-large-en.yaml", "backend: sim-local", "backend: prod-k8s");
        Path config = Files.writeString(tmp.resolve("application.yaml"), "sextant:\n  data-dir: /var/lib/sextant\n");

        CliRun run = CliRun.of("validate", "--config=" + config, checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(
                "teams/embeddings/bge-large-en.yaml:9: spec.backend: unknown backend 'prod-k8s' (configured: sim-local)\n");
    }

    @Test
    void wrongUsageExitsWithTwoAndSaysWhy() throws IOException {
        assertThat(CliRun.of("validate")).isEqualTo(new CliRun(2, "",
                "sextant validate: which directory? give DIR\n" + ValidateCommand.USAGE + "\n"));
        assertThat(CliRun.of("validate", "--strict", checkout.toString()).err())
                .startsWith("sextant validate: unknown option --strict\n");
        assertThat(CliRun.of("validate", tmp.resolve("nope").toString()).err())
                .startsWith("sextant validate: " + tmp.resolve("nope") + " is not a directory\n");
        CliRun missingConfig = CliRun.of("validate", "--config", tmp.resolve("none.yaml").toString(), checkout.toString());
        assertThat(missingConfig.code()).isEqualTo(2);
        assertThat(missingConfig.err()).startsWith("sextant validate: cannot read --config " + tmp.resolve("none.yaml"));
        Path notYaml = Files.writeString(tmp.resolve("broken.yaml"), "sextant: [unclosed\n");
        assertThat(CliRun.of("validate", "--config", notYaml.toString(), checkout.toString()).err())
                .startsWith("sextant validate: --config " + notYaml + " is not a valid engine configuration: ");
        assertThat(CliRun.of("validate", "--paths", "nope/", checkout.toString()).err())
                .startsWith("sextant validate: --paths: nope is not a directory of " + checkout + "\n");
    }

    @Test
    void aConfigThatIsNotAnEngineConfigurationIsRefusedOnOneLine() throws IOException {
        Path other = Files.writeString(tmp.resolve("docker-compose.yaml"), "services:\n  web: {image: nginx}\n");
        CliRun unrelated = CliRun.of("validate", "--config", other.toString(), checkout.toString());
        assertThat(unrelated).isEqualTo(new CliRun(2, "", "sextant validate: --config " + other
                + " is not an engine configuration: it has no settings under a top-level 'sextant:' key\n"
                + ValidateCommand.USAGE + "\n"));

        Path typo = Files.writeString(tmp.resolve("typo.yaml"), """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git, poll-intervall: 30s}
                """);
        CliRun misspelt = CliRun.of("validate", "--config", typo.toString(), checkout.toString());
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err().lines().findFirst().orElseThrow()).isEqualTo("sextant validate: --config " + typo
                + ": sextant.sources[0].poll-intervall: unknown setting; did you mean sextant.sources[0].poll-interval?");
    }

    @Test
    void aBackendSettingItsTypeDoesNotReadIsRefusedWithTheOneMeant() throws IOException {
        Path typo = Files.writeString(tmp.resolve("backend-typo.yaml"), """
                sextant:
                  backends:
                    - {name: sim-local, type: sim, gpus: {H100-80GB: 8}}
                    - {name: triton-a, type: triton, url: "http://triton:8000", load-timout: 5m}
                """);

        CliRun run = CliRun.of("validate", "--config", typo.toString(), checkout.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow()).isEqualTo("sextant validate: --config " + typo
                + ": sextant.backends[1].load-timout: unknown setting for a triton backend; did you mean"
                + " sextant.backends[1].load-timeout?");
    }

    @Test
    void theReadmeConfigurationExampleIsAnEngineConfiguration() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Use your own repository"));
        String example = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml")));
        assertThat(example).contains("admin-token-env: SEXTANT_ADMIN_TOKEN").doesNotContain("${");
        Path config = Files.writeString(tmp.resolve("readme.yaml"), example);

        CliRun run = CliRun.of("validate", "--config", config.toString(), "--paths", "teams/", SAMPLE.toString());

        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void helpIsPrintedOnStdoutAndExitsWithZero() {
        CliRun run = CliRun.of("validate", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith(ValidateCommand.USAGE + "\n\n");
        assertThat(run.err()).isEmpty();
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = checkout.resolve(file);
        String before = Files.readString(path);
        assertThat(before).contains(from);
        Files.writeString(path, before.replace(from, to));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
    }
}
