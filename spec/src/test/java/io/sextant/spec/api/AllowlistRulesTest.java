package io.sextant.spec.api;

import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.spec.SpecValidator;
import io.sextant.spec.policy.Allowlists;
import io.sextant.spec.policy.ArgRules;
import io.sextant.spec.policy.GpuRules;
import io.sextant.spec.policy.ImageRules;
import io.sextant.spec.policy.ModelRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowlistRulesTest {

    private static final String PIN = "0123456789abcdef0123456789abcdef01234567";

    private static final Allowlists SEARCH = new Allowlists(
            new ModelRules(List.of("hf://meta-llama/", "s3://acme-models"), true),
            new ImageRules(List.of("nvcr.io/", "docker.io/vllm/"), false),
            new GpuRules(Set.of("H100-80GB", "L4-24GB"), 4),
            new ArgRules(Set.of("max-model-len", "tensor-parallel-size", "gpu-memory-utilization"),
                    Set.of("trust-remote-code")));

    /** A deployment whose lines are fixed: uri 9, revision 10, image 13, args 14, gpu type 16, count 17. */
    private static String deployment(String uri, String revision, String image, String args, String gpuType, int gpus) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata:
                  name: llama
                  namespace: search
                spec:
                  backend: sim-local
                  model:
                    uri: "%s"
                    revision: "%s"
                  runtime:
                    engine: vllm
                    image: "%s"
                    args: {%s}
                  resources:
                    gpu: {type: %s,
                      count: %d}
                  replicas: 1
                """.formatted(uri, revision, image, args, gpuType, gpus);
    }

    private static String allowed() {
        return deployment("hf://meta-llama/Llama-3.1-8B-Instruct", PIN, "vllm/vllm-openai:v0.11.0",
                "max-model-len: 8192", "H100-80GB", 1);
    }

    private static List<String> errors(String yaml) {
        ValidationContext context = new ValidationContext(Set.of("sim-local"),
                Map.of("search", new ValidationContext.NamespacePolicy(Set.of(), Map.of(), SEARCH)));
        return messages(new SpecValidator(context).validate(documents("teams/search/llama.yaml", yaml)));
    }

    @Test
    void admitsADeploymentWithinEveryAllowList() {
        assertThat(errors(allowed())).isEmpty();
        assertThat(errors(allowed().replace("hf://meta-llama/Llama-3.1-8B-Instruct", "s3://acme-models/llama/v3")
                .replace(PIN, "sha256:" + "ab".repeat(32)))).isEmpty();
        assertThat(errors(allowed().replace("vllm/vllm-openai:v0.11.0", "nvcr.io/nvidia/tritonserver:24.08-py3")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf://evil/x", "hf://meta-llama-evil/x", "hf://META-LLAMA/x", "hf://meta-llamax",
            "s3://acme-models-evil/x", "gs://meta-llama/x"})
    void refusesModelUrisOutsideTheAllowedPrefixesAtTheirBoundary(String uri) {
        // Other schemes also fail the pin (a 40-hex id pins only hf://): the URI's error comes first.
        assertThat(errors(allowed().replace("hf://meta-llama/Llama-3.1-8B-Instruct", uri))).first().isEqualTo(
                "teams/search/llama.yaml:9: spec.model.uri: " + uri + " is not allowed in namespace search (allowed:"
                        + " hf://meta-llama/, s3://acme-models/) [policy models.allowed-uris]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf://meta-llama/../evil/x", "hf://meta-llama/%2e%2e/evil", "hf://meta-llama//x",
            "hf://meta-llama/./x", "hf://meta-llama/x\\\\..\\\\y"})
    void refusesModelUrisThatAStoreCouldResolveOutsideTheirPrefix(String uri) {
        assertThat(errors(allowed().replace("hf://meta-llama/Llama-3.1-8B-Instruct", uri))).singleElement()
                .asString().startsWith("teams/search/llama.yaml:9: spec.model.uri: ")
                .contains("cannot be matched against namespace search's allowed URIs [policy models.allowed-uris]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "v1.0", "0123456", "0123456789ABCDEF0123456789ABCDEF01234567"})
    void refusesHuggingFaceRevisionsThatAreNotAFullCommitId(String revision) {
        assertThat(errors(allowed().replace(PIN, revision))).singleElement().asString()
                .startsWith("teams/search/llama.yaml:10: spec.model.revision: revision of hf://meta-llama/Llama-3.1-8B-Instruct ")
                .endsWith("namespace search requires pinned model revisions [policy models.require-pinned-revision]");
    }

    @Test
    void refusesAModelWithoutARevisionWhenPinsAreRequired() {
        assertThat(errors(allowed().replace("    revision: \"" + PIN + "\"\n", ""))).containsExactly(
                "teams/search/llama.yaml:8: spec.model.revision: revision of hf://meta-llama/Llama-3.1-8B-Instruct is"
                        + " not pinned: set a 40-hex commit id; namespace search requires pinned model revisions"
                        + " [policy models.require-pinned-revision]");
    }

    @Test
    void pinsOtherStoresByContentDigest() {
        String s3 = allowed().replace("hf://meta-llama/Llama-3.1-8B-Instruct", "s3://acme-models/llama");
        assertThat(errors(s3)).containsExactly("teams/search/llama.yaml:10: spec.model.revision: revision of"
                + " s3://acme-models/llama '" + PIN + "' is not an immutable revision (expected a sha256:<64 hex>"
                + " content digest); namespace search requires pinned model revisions"
                + " [policy models.require-pinned-revision]");
    }

    @ParameterizedTest
    @CsvSource({
            "docker.io.evil.com/vllm/vllm-openai:v1, docker.io.evil.com/vllm/vllm-openai",
            "vllm-evil/x:v1, docker.io/vllm-evil/x",
            "ubuntu, docker.io/library/ubuntu",
            "nvcr.io.evil.com/x:1, nvcr.io.evil.com/x",
            "evil.com/nvcr.io/x:1, evil.com/nvcr.io/x",
            "localhost:5000/vllm/x, localhost:5000/vllm/x"})
    void refusesImagesOutsideTheAllowedRegistriesParsedAsDockerDoes(String image, String location) {
        assertThat(errors(allowed().replace("vllm/vllm-openai:v0.11.0", image))).containsExactly(
                "teams/search/llama.yaml:13: spec.runtime.image: " + image + " (" + location + ") is not allowed in"
                        + " namespace search (allowed: nvcr.io/, docker.io/vllm/) [policy images.allowed-registries]");
    }

    @Test
    void refusesAnImageThatIsNotAValidReference() {
        assertThat(errors(allowed().replace("vllm/vllm-openai:v0.11.0", "docker.io/VLLM/x"))).singleElement()
                .asString().startsWith("teams/search/llama.yaml:13: spec.runtime.image: image docker.io/VLLM/x has"
                        + " repository 'VLLM/x'");
    }

    @Test
    void requiresADigestWhenTheNamespaceDoes() {
        Allowlists digests = new Allowlists(null, new ImageRules(List.of(), true), null, null);
        ValidationContext context = new ValidationContext(Set.of("sim-local"), Map.of(),
                new ValidationContext.NamespacePolicy(Set.of(), Map.of(), digests));

        assertThat(messages(new SpecValidator(context).validate(documents("a.yaml", allowed())))).containsExactly(
                "a.yaml:13: spec.runtime.image: image vllm/vllm-openai:v0.11.0 is not pinned by @sha256: digest (tag"
                        + " 'v0.11.0' can be moved); namespace search requires image digests [policy images.require-digest]");
        assertThat(messages(new SpecValidator(context).validate(documents("a.yaml", allowed()
                .replace("vllm/vllm-openai:v0.11.0", "vllm/vllm-openai@sha256:" + "0f".repeat(32)))))).isEmpty();
    }

    @Test
    void refusesGpuTypesAndCountsOutsideTheNamespacesLimits() {
        assertThat(errors(allowed().replace("H100-80GB", "A100-40GB").replace("count: 1", "count: 8"))).containsExactly(
                "teams/search/llama.yaml:16: spec.resources.gpu.type: GPU type A100-40GB is not allowed in namespace"
                        + " search (allowed: H100-80GB, L4-24GB) [policy gpus.allowed-types]",
                "teams/search/llama.yaml:17: spec.resources.gpu.count: 8 GPUs per replica is over namespace search's"
                        + " maximum of 4 [policy gpus.max-per-replica]");
        assertThat(errors(allowed().replace("count: 1", "count: 4"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"trust-remote-code", "trust_remote_code", "--trust-remote-code", "TRUST-REMOTE-CODE"})
    void refusesADeniedRuntimeArgumentInEverySpellingTheRuntimeAccepts(String name) {
        assertThat(errors(allowed().replace("max-model-len: 8192", "\"" + name + "\": true"))).containsExactly(
                "teams/search/llama.yaml:14: spec.runtime.args." + name + ": runtime argument " + name
                        + " is denied in namespace search [policy runtime-args.denied]");
    }

    @Test
    void refusesRuntimeArgumentsNotOnTheAllowList() {
        assertThat(errors(allowed().replace("max-model-len: 8192", "max-model-len: 8192, enforce-eager: true")))
                .containsExactly("teams/search/llama.yaml:14: spec.runtime.args.enforce-eager: runtime argument"
                        + " enforce-eager is not allowed in namespace search (allowed: gpu-memory-utilization,"
                        + " max-model-len, tensor-parallel-size) [policy runtime-args.allowed]");
    }

    @Test
    void checksAnAdaptersUriButCannotRequireItToBePinned() {
        String adapter = """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: search}
                spec:
                  deployment: llama
                  uri: hf://acme/sql-lora
                """;
        assertThat(errors(allowed() + "---\n" + adapter)).containsExactly(
                "teams/search/llama.yaml:25: spec.uri: hf://acme/sql-lora is not allowed in namespace search"
                        + " (allowed: hf://meta-llama/, s3://acme-models/) [policy models.allowed-uris]");
        assertThat(errors(allowed() + "---\n" + adapter.replace("hf://acme/", "hf://meta-llama/"))).isEmpty();
    }

    @Test
    void appliesDefaultsWhereANamespaceSetsNothing() {
        Allowlists defaults = new Allowlists(new ModelRules(List.of("hf://meta-llama/"), false), null,
                new GpuRules(Set.of("L4-24GB"), null), null);
        Allowlists ownGpus = new Allowlists(null, null, new GpuRules(Set.of("H100-80GB"), null), null);
        ValidationContext context = new ValidationContext(Set.of("sim-local"),
                Map.of("search", new ValidationContext.NamespacePolicy(Set.of(), Map.of(), ownGpus)),
                new ValidationContext.NamespacePolicy(Set.of(), Map.of(), defaults));
        String evil = allowed().replace("hf://meta-llama/", "hf://evil/");

        assertThat(messages(new SpecValidator(context).validate(documents("a.yaml", evil)))).containsExactly(
                "a.yaml:9: spec.model.uri: hf://evil/Llama-3.1-8B-Instruct is not allowed in namespace search"
                        + " (allowed: hf://meta-llama/) [policy models.allowed-uris]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"meta-llama/", "hf://", "ftp://x/", "hf://a/../b/", "hf://a/%2F/"})
    void refusesAModelPrefixThatCannotBeMatchedSafely(String prefix) {
        assertThatThrownBy(() -> new ModelRules(List.of(prefix), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + prefix + "' ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm/", "Docker.io/", "docker.io/VLLM/", "https://docker.io/"})
    void refusesARegistryPrefixThatIsNotAHostAndPath(String prefix) {
        assertThatThrownBy(() -> new ImageRules(List.of(prefix), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + prefix + "' ");
    }

    @Test
    void refusesAnArgumentThatIsBothAllowedAndDenied() {
        assertThatThrownBy(() -> new ArgRules(Set.of("trust_remote_code"), Set.of("trust-remote-code")))
                .hasMessage("arguments both allowed and denied: trust-remote-code");
    }
}
