package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.Kind;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The shipped schemas are what editors load: they must be valid JSON Schema and agree with each other. */
class SchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema META_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    @ParameterizedTest
    @ValueSource(strings = {"ModelDeployment", "LoraAdapter", "InferenceRoute", "SyncWindow"})
    void shipsAValidDraft202012SchemaPerKind(String name) throws IOException {
        Kind kind = Kind.of(name);
        JsonNode schema = read(kind);

        assertThat(META_SCHEMA.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asString()).isEqualTo("https://sextant.io/" + SpecLoader.schemaResource(kind));
        assertThat(schema.path("title").asString()).isEqualTo("Sextant " + kind.apiName());
        assertThat(schema.path("description").asString()).isNotBlank();
        assertThat(schema.at("/properties/kind/const").asString()).isEqualTo(kind.apiName());
        assertThat(schema.at("/properties/apiVersion/const").asString()).isEqualTo(io.sextant.spec.kinds.BuiltInKinds.V1);
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/spec/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void metaSchemaCheckRejectsABrokenSchema() {
        JsonNode broken = JSON.readTree("{\"type\": 5, \"required\": \"name\"}");

        assertThat(META_SCHEMA.validate(broken)).isNotEmpty();
    }

    @Test
    void kindsShareIdenticalDefinitions() throws IOException {
        // Each file stands alone for editors, so shared definitions are copied; this keeps the copies equal.
        JsonNode definitions = read(ModelDeployment.KIND).path("$defs");

        assertThat(read(LoraAdapter.KIND).path("$defs")).isEqualTo(definitions);
        assertThat(read(InferenceRoute.KIND).path("$defs")).isEqualTo(definitions);
        assertThat(definitions.at("/dnsLabel/pattern").asString()).isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        assertThat(definitions.at("/dnsLabel/maxLength").asInt()).isEqualTo(63);
    }

    @Test
    void modelDeploymentSchemaListsTheEnginesAndUriSchemes() throws IOException {
        JsonNode schema = read(ModelDeployment.KIND);

        assertThat(schema.at("/properties/spec/properties/runtime/properties/engine/enum").toString())
                .isEqualTo("[\"vllm\",\"sglang\",\"tgi\",\"triton\",\"ray-serve\"]");
        assertThat(schema.at("/$defs/modelUri/pattern").asString()).isEqualTo("^(hf|s3|gs|pvc|file)://[^\\s]+$");
    }

    @Test
    void theDeprecatedV1beta1DeploymentSchemaIsValidAndDiffersOnlyInItsVersionAndTheOldArgsSpelling() throws IOException {
        JsonNode beta;
        try (InputStream in = SchemasTest.class.getClassLoader()
                .getResourceAsStream("schemas/sextant.io_v1beta1/modeldeployment.schema.json")) {
            beta = JSON.readTree(in);
        }
        JsonNode v1 = read(ModelDeployment.KIND);

        assertThat(META_SCHEMA.validate(beta)).isEmpty();
        assertThat(beta.at("/properties/apiVersion/const").asString()).isEqualTo("sextant.io/v1beta1");
        assertThat(beta.at("/properties/spec/properties/runtime/properties/engineArgs/additionalProperties"))
                .isEqualTo(v1.at("/properties/spec/properties/runtime/properties/args/additionalProperties"));
        assertThat(beta.at("/properties/spec/properties/runtime/properties/args").isMissingNode()).isTrue();
        assertThat(beta.path("$defs")).isEqualTo(v1.path("$defs"));
    }

    @Test
    void theBuiltInDefinitionsServeTheShippedSchemas() throws IOException {
        for (var definition : Kinds.builtIn().definitions()) {
            assertThat(definition.schema(definition.storedVersion()))
                    .isEqualTo(read(Kind.of(definition.kind())));
        }
    }

    private static JsonNode read(Kind kind) throws IOException {
        try (InputStream in = SchemasTest.class.getClassLoader().getResourceAsStream(SpecLoader.schemaResource(kind))) {
            assertThat(in).as(SpecLoader.schemaResource(kind)).isNotNull();
            return JSON.readTree(in);
        }
    }
}
