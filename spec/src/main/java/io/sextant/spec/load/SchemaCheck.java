package io.sextant.spec.load;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.sextant.spec.api.Kind;
import io.sextant.spec.api.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Validates a document against the JSON Schema of its kind, shipped in {@code schemas/sextant.io_v1/}.
 *
 * <p>The same files are what editors use, so what VS Code flags while typing and what the engine
 * rejects cannot drift apart. Schemas are compiled once; a compiled schema is safe to share between threads.
 */
final class SchemaCheck {

    private final Map<Kind, Schema> schemas = new EnumMap<>(Kind.class);
    private final Map<Kind, JsonNode> schemaTrees = new EnumMap<>(Kind.class);

    SchemaCheck() {
        // patternErrorMessage is the VS Code / yaml-language-server keyword for a readable pattern message;
        // declaring it keeps the validator from warning about an unknown keyword on every start.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("patternErrorMessage"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect);
        ObjectMapper mapper = new ObjectMapper();
        for (Kind kind : Kind.values()) {
            JsonNode tree = mapper.readTree(readSchema(kind));
            Schema schema = registry.getSchema(tree);
            schema.initializeValidators();
            schemas.put(kind, schema);
            schemaTrees.put(kind, tree);
        }
    }

    /** Problems of the document, one per field, ordered by line. */
    List<Problem> check(Kind kind, TreeBuilder.Tree tree, int documentLine) {
        JsonNode schemaTree = schemaTrees.get(kind);
        LinkedHashSet<Problem> problems = new LinkedHashSet<>();
        for (Error error : schemas.get(kind).validate(tree.json())) {
            problems.add(SchemaMessages.toProblem(error, schemaTree, tree.lines(), documentLine));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line).thenComparing(Problem::field));
        return sorted;
    }

    private static byte[] readSchema(Kind kind) {
        String name = SpecLoader.schemaResource(kind);
        try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }
}
