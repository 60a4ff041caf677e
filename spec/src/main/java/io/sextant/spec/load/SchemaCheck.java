package io.sextant.spec.load;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.sextant.plugin.KindDefinition;
import io.sextant.spec.api.Kinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Validates a document against the JSON Schema of its kind and apiVersion, as its {@link KindDefinition}
 * gives it (the built-in kinds ship theirs in {@code schemas/sextant.io_v1/}).
 *
 * <p>The same files are what editors use, so what VS Code flags while typing and what the engine
 * rejects cannot drift apart. Schemas are compiled once; a compiled schema is safe to share between threads.
 */
final class SchemaCheck {

    private record Compiled(Schema schema, JsonNode tree) {}

    private final Map<String, Compiled> schemas = new HashMap<>();

    /** @throws IllegalArgumentException naming the kind and version when a schema does not compile */
    SchemaCheck(Kinds kinds) {
        // patternErrorMessage is the VS Code / yaml-language-server keyword for a readable pattern message,
        // and oneOfErrorMessage our own in the same spelling (SchemaMessages reads both); declaring them keeps
        // the validator from warning about an unknown keyword on every start.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("patternErrorMessage"))
                .keyword(new NonValidationKeyword("oneOfErrorMessage"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect);
        for (KindDefinition definition : kinds.definitions()) {
            for (String version : definition.apiVersions()) {
                JsonNode tree = definition.schema(version);
                try {
                    Schema schema = registry.getSchema(tree);
                    schema.initializeValidators();
                    schemas.put(id(definition.kind(), version), new Compiled(schema, tree));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("kind '" + definition.kind() + "': the JSON Schema of "
                            + version + " is invalid: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Problems of the document, one per field, ordered by line. */
    List<Problem> check(HeaderCheck.Header header, TreeBuilder.Tree tree, int documentLine) {
        Compiled compiled = schemas.get(id(header.definition().kind(), header.apiVersion()));
        LinkedHashSet<Problem> problems = new LinkedHashSet<>();
        for (Error error : compiled.schema().validate(tree.json())) {
            problems.add(SchemaMessages.toProblem(error, compiled.tree(), tree.lines(), documentLine));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line).thenComparing(Problem::field));
        return sorted;
    }

    private static String id(String kind, String version) {
        return kind + " " + version;
    }
}
