package io.sextant.spec.load;

import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.LoadResult;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads one file into resource documents: YAML, then header, schema, typed record and manifest, per document.
 *
 * <p>Internal: public only so {@link io.sextant.spec.SpecLoader} can reach it; use that instead.
 */
public final class DocumentLoader {

    private final Kinds kinds;
    private final HeaderCheck headers;
    private final SchemaCheck schemas;

    public DocumentLoader(Kinds kinds) {
        this.kinds = kinds;
        this.headers = new HeaderCheck(kinds);
        this.schemas = new SchemaCheck(kinds);
    }

    public LoadResult load(String file, byte[] content) {
        Text.Decoded text = Text.decode(content);
        if (text.problem() != null) {
            return new LoadResult(file, List.of(), List.of(text.problem().toError(file, null)));
        }
        YamlReader.Documents read = YamlReader.read(text.text());
        List<SpecDocument> documents = new ArrayList<>();
        List<SpecError> errors = new ArrayList<>();
        List<SpecError> warnings = new ArrayList<>();
        for (Node node : read.nodes()) {
            loadDocument(file, node, documents, errors, warnings);
        }
        if (read.problem() != null) {
            errors.add(read.problem().toError(file, null));
        }
        errors.addAll(CredentialScan.text(file, text.text(), errors));
        errors.replaceAll(CredentialScan::redacted);
        if (!errors.isEmpty()) {
            // One bad document voids the file: a half-read file must not look like deleted resources.
            errors.sort(Comparator.comparingInt(SpecError::line));
            return new LoadResult(file, List.of(), errors);
        }
        return new LoadResult(file, documents, List.of(), warnings);
    }

    /** A file left unread because it is larger than {@code limit} bytes: one error at its path, no documents. */
    public static LoadResult tooLarge(String file, long size, long limit) {
        return new LoadResult(file, List.of(), List.of(new Problem(0, "", "file is " + FileSize.text(size)
                + ", over the max-file-size of " + FileSize.text(limit) + ": not read").toError(file, null)));
    }

    private void loadDocument(String file, Node node, List<SpecDocument> documents, List<SpecError> errors,
                              List<SpecError> warnings) {
        int line = TreeBuilder.line(node);
        List<Problem> problems = new ArrayList<>();
        TreeBuilder.Tree tree;
        try {
            tree = TreeBuilder.build(node, problems);
        } catch (TreeBuilder.Abort abort) {
            problems.add(abort.problem);
            problems.forEach(problem -> errors.add(problem.toError(file, null)));
            return;
        }
        ResourceKey key = headers.claimedKey(tree.json());
        CredentialScan.tree(tree, line, problems);
        HeaderCheck.Header header = headers.check(tree, line, problems);
        if (header != null) {
            addSchemaProblems(schemas.check(header, tree, line), problems);
        }
        if (header != null && problems.isEmpty()) {
            try {
                Resource resource = ResourceBinder.bind(kinds, header, tree, line, problems);
                if (problems.isEmpty()) {
                    header.definition().deprecation(header.apiVersion()).ifPresent(message -> warnings.add(
                            new SpecError(file, tree.lines().getOrDefault("apiVersion", line), "apiVersion", message, key)));
                    documents.add(new SpecDocument(resource, Manifests.of(header.definition(), resource), file, line,
                            tree.lines()));
                }
            } catch (RuntimeException e) {
                // A plugin's conversion or binding that fails refuses this document, never the loader or the file's
                // neighbours: load() promises not to throw for any input.
                problems.add(new Problem(line, "", "kind " + header.definition().kind() + " cannot read this document: "
                        + e.getMessage()));
            }
        }
        problems.forEach(problem -> errors.add(problem.toError(file, key)));
    }

    /** Schema findings about a field already reported (a refused tag, a duplicate key) would only repeat it. */
    private static void addSchemaProblems(List<Problem> schemaProblems, List<Problem> problems) {
        Set<String> reported = new HashSet<>();
        problems.forEach(problem -> reported.add(problem.field()));
        schemaProblems.stream().filter(problem -> !reported.contains(problem.field())).forEach(problems::add);
    }
}
