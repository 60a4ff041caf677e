package io.sextant.spec.load;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the YAML documents of one file as SnakeYAML node graphs, never as Java objects.
 *
 * <p>Only the composer runs: nothing is constructed from tags, so {@code !!javax.script...} and friends
 * cannot instantiate classes. The limits bound the work an untrusted file (anyone who can open a pull
 * request) can cause. Stateless: every {@link #read} builds its own parser, so it is safe from any thread.
 */
final class YamlReader {

    /** Aliases of collections per document; a real spec needs a handful, "billion laughs" needs many. */
    static final int MAX_COLLECTION_ALIASES = 50;
    static final int MAX_NESTING_DEPTH = 50;
    static final int MAX_CODE_POINTS = 1024 * 1024;
    private static final String GLOBAL_TAG_REFUSED = "Global tag is not allowed: ";

    private YamlReader() {}

    /** What a file held: its non-empty documents, and the syntax problem that stopped reading, if any. */
    record Documents(List<Node> nodes, Problem problem) {}

    /** Reads decoded text ({@link Text}); the caller bounds the file's size (a source's max-file-size). */
    static Documents read(String text) {
        LoaderOptions options = options();
        StreamReader reader = new StreamReader(text);
        Composer composer = new Composer(new ParserImpl(reader, options), new Resolver(), options);
        List<Node> nodes = new ArrayList<>();
        try {
            while (composer.checkNode()) {
                Node node = composer.getNode();
                if (!isEmpty(node)) {
                    nodes.add(node);
                }
            }
            return new Documents(nodes, null);
        } catch (MarkedYAMLException e) {
            return new Documents(nodes, syntaxProblem(e, text));
        } catch (YAMLException e) {
            // Limit breaches carry no mark; where the reader stopped is the best line there is.
            return new Documents(nodes, new Problem(lineOf(reader.getMark()), "", "invalid YAML: " + e.getMessage()));
        } catch (RuntimeException e) {
            // A parser bug on hostile input must fail this file, not the caller's whole reconcile.
            return new Documents(nodes, new Problem(lineOf(reader.getMark()), "", "unreadable YAML: " + e));
        }
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        // The composer ignores this flag (the constructor checks it); TreeBuilder reports duplicates itself.
        options.setAllowDuplicateKeys(false);
        options.setMergeOnCompose(true);
        options.setProcessComments(false);
        // Global tags (!!python/object, !!javax...) are refused while composing.
        options.setTagInspector(tag -> false);
        return options;
    }

    /** An empty document ({@code ---} alone, or only comments) composes to an empty null scalar. */
    private static boolean isEmpty(Node node) {
        return node == null
                || node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()) && scalar.getValue().isEmpty();
    }

    private static Problem syntaxProblem(MarkedYAMLException e, String text) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        if (mark != null && mark.getIndex() >= text.codePointCount(0, text.length())) {
            // The parser got to the end of the stream still waiting (an unclosed bracket or quote): its mark
            // sits after the final newline, on a line that does not exist in an editor. The last line with
            // content is where the user has to look.
            mark = new Mark(mark.getName(), mark.getIndex(), lastContentLine(text), 0, mark.getBuffer(),
                    mark.getPointer());
        }
        String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem().strip();
        if (problem.startsWith(GLOBAL_TAG_REFUSED)) {
            // Refused by our tag inspector: say so in the same words as for local tags.
            return new Problem(lineOf(mark), "", Scalars.tagNotAllowed(new Tag(problem.substring(GLOBAL_TAG_REFUSED.length()))));
        }
        String context = e.getContext() == null ? "" : " (" + e.getContext().strip() + ")";
        return new Problem(lineOf(mark), "", "invalid YAML: " + problem + context);
    }

    /** The 0-based number of the last line holding anything but blanks or a comment; 0 when none does. */
    private static int lastContentLine(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return i;
            }
        }
        return 0;
    }

    private static int lineOf(Mark mark) {
        return mark == null ? 1 : mark.getLine() + 1;
    }
}
