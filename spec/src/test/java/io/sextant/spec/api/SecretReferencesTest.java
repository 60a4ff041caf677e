package io.sextant.spec.api;

import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.spec.SpecValidator;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.SecretRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Specs name credentials with {@code secretRef}; the manifest keeps the reference, never a value. */
class SecretReferencesTest {

    private static final String VALID = Specs.deployment("llama", "search", "sim-local", 1, 1, 2, "");

    private static String withModelAndEnv(String uri, String env) {
        return VALID.replace("  model: {uri: hf://acme/llama}", "  model:\n    uri: " + uri
                        + "\n    credentials: {secretRef: {name: hf-token, key: token}}")
                .replace("    args: {tensor-parallel-size: 1}", "    args: {tensor-parallel-size: 1}\n" + env);
    }

    @Test
    void loadsModelCredentialsAndEnvReferencesAndKeepsThemInTheManifest() {
        LoadResult result = load("m.yaml", withModelAndEnv("hf://acme/llama",
                "    env: {LOG: info, AWS_ACCESS_KEY_ID: {secretRef: {name: s3-creds, key: access-key}}}"));

        assertThat(result.errors()).isEmpty();
        ModelDeployment deployment = (ModelDeployment) result.documents().get(0).resource();
        assertThat(deployment.spec().model().credentials()).isEqualTo(new SecretRef("hf-token", "token"));
        assertThat(deployment.spec().runtime().env()).containsOnlyKeys("LOG");
        assertThat(deployment.spec().runtime().secretEnv()).containsEntry("AWS_ACCESS_KEY_ID", new SecretRef("s3-creds", "access-key"));
        assertThat(result.documents().get(0).manifest().at("/spec/runtime/env").toString())
                .isEqualTo("{\"AWS_ACCESS_KEY_ID\":{\"secretRef\":{\"name\":\"s3-creds\",\"key\":\"access-key\"}},\"LOG\":\"info\"}");
        assertThat(result.documents().get(0).manifest().at("/spec/model/credentials/secretRef/name").asString()).isEqualTo("hf-token");
    }

    @Test
    void loadsAnAdaptersCredentials() {
        LoadResult result = load("a.yaml", """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql-lora, namespace: search}
                spec:
                  deployment: llama
                  uri: hf://acme/sql-lora
                  credentials: {secretRef: {name: hf-token, key: token}}
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(((LoraAdapter) result.documents().get(0).resource()).spec().credentials())
                .isEqualTo(new SecretRef("hf-token", "token"));
    }

    @Test
    void refusesAMalformedReferenceAtItsField() {
        LoadResult result = load("m.yaml", VALID.replace("    args: {tensor-parallel-size: 1}",
                "    args: {tensor-parallel-size: 1}\n    env: {TOKEN: {secretRef: {name: Bad_Name}}}"));

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).isNotEmpty().allMatch(m -> m.startsWith("m.yaml:12: spec.runtime.env.TOKEN"));
    }

    @Test
    void refusesModelCredentialsOnAnObjectStoreAndATokenSetTwice() {
        List<SpecDocument> s3 = Specs.documents("m.yaml", withModelAndEnv("s3://bucket/llama", ""));
        List<SpecDocument> twice = Specs.documents("t.yaml", withModelAndEnv("hf://acme/llama",
                "    env: {HF_TOKEN: {secretRef: {name: other, key: token}}}").replace("name: llama", "name: twice"));

        assertThat(messages(new SpecValidator(ValidationContext.offline()).validate(s3)))
                .singleElement().asString().startsWith("m.yaml:10: spec.model.credentials: is a Hugging Face token, for hf:// models only");
        assertThat(messages(new SpecValidator(ValidationContext.offline()).validate(twice)))
                .singleElement().asString().startsWith("t.yaml:14: spec.runtime.env.HF_TOKEN: is set by spec.model.credentials");
    }
}
