package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.kinds.KindsConfiguration;
import io.sextant.engine.plugins.LoadedPlugins;
import io.sextant.engine.plugins.PluginException;
import io.sextant.engine.plugins.PluginLoader;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.LoadFailures;
import io.sextant.spec.api.LoadResult;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.api.Selectors;
import io.sextant.plugin.Selection;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.api.ValidationContext;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code validate [--config FILE] [--paths P,...] DIR}: checks every {@code .yaml}/{@code .yml} file
 * under a checkout (or under the given paths of it, like {@code sextant.sources[].paths}) offline, as
 * the engine would: schema, semantics, and with {@code --config} backends, policy and quota. A file over
 * the size limit (4 MiB, or the {@code --config} file's {@code max-file-size}) is an error without being
 * read, as in the engine; binary and non-UTF-8 files are errors from the spec loader. Errors go
 * to stdout as {@code file:line: field: message} with paths relative to DIR, a summary to stderr.
 * Exit 0 valid, 1 invalid, 2 wrong usage.
 */
final class ValidateCommand {

    static final String USAGE = "usage: java -jar sextant.jar validate [--config FILE] [--plugins-dir DIR] [--paths P,...] [--show-selectors] DIR";
    private static final String HELP = USAGE + "\n\n"
            + "Checks the Sextant specs (.yaml, .yml) under DIR offline: schema, semantic rules and, with\n"
            + "--config, the backends, namespace policy and GPU quota of that engine configuration\n"
            + "(an application.yaml). --paths limits the check to directories of DIR, as a source's\n"
            + "paths do (e.g. --paths teams/). A file over 4 MiB (or the smallest\n"
            + "sextant.sources[].max-file-size of --config) is an error, as in the engine.\n"
            + "--plugins-dir loads the plugin jars of that directory, as the engine's sextant.plugins-dir\n"
            + "does, so their kinds are checked too; a plugin that cannot be loaded is exit status 2.\n"
            + "--show-selectors also prints what each label selector selects, as file:line: field: ... (info).\n"
            + "Errors are printed as file:line: field: message.\n"
            + "Exit status: 0 valid, 1 invalid, 2 wrong usage.";

    private ValidateCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments;
        Path dir;
        List<String> paths;
        EngineConfigFile config;
        Path pluginsDir;
        try {
            arguments = Arguments.parse(args, Set.of("config", "paths", "plugins-dir"), Set.of("show-selectors"));
            if (arguments.help()) {
                out.println(HELP);
                return 0;
            }
            if (arguments.operands().size() != 1) {
                throw new UsageException(arguments.operands().isEmpty() ? "which directory? give DIR"
                        : "one directory only, got " + arguments.operands().size());
            }
            dir = Path.of(arguments.operands().get(0));
            if (!Files.isDirectory(dir)) {
                throw new UsageException(dir + " is not a directory");
            }
            paths = paths(dir, arguments.option("paths"));
            String configFile = arguments.option("config");
            config = configFile == null ? null : EngineConfigFile.read(Path.of(configFile));
            pluginsDir = arguments.option("plugins-dir") == null ? null : Path.of(arguments.option("plugins-dir"));
            if (pluginsDir != null && !Files.isDirectory(pluginsDir)) {
                throw new UsageException("--plugins-dir: " + pluginsDir + " is not a directory");
            }
        } catch (UsageException e) {
            err.println("sextant validate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        LoadedPlugins plugins;
        try {
            plugins = pluginsDir == null ? LoadedPlugins.none(null)
                    : PluginLoader.load(pluginsDir, KindsConfiguration.onClassPath());
        } catch (PluginException e) {
            err.println("sextant validate: " + e.getMessage());
            err.println(e.fix());
            return 2;
        }
        try (plugins) {
            return validate(dir, paths, config, plugins, arguments.flag("show-selectors"), out, err);
        }
    }

    private static int validate(Path dir, List<String> paths, EngineConfigFile config, LoadedPlugins plugins,
                                boolean showSelectors, PrintStream out, PrintStream err) {
        ValidationContext context = config == null ? ValidationContext.offline() : config.context();
        List<String> files;
        try {
            files = specFiles(dir).stream().filter(file -> paths.isEmpty()
                    || paths.stream().anyMatch(p -> file.startsWith(p + "/"))).toList();
        } catch (IOException e) {
            err.println("sextant validate: cannot read " + dir + ": " + e.getMessage());
            return 2;
        }
        long maxFileBytes = config == null ? SourceProperties.DEFAULT_MAX_FILE_SIZE.toBytes() : config.maxFileBytes();
        // The same registry of kinds as the engine: the built-in kinds and every plugin on the class path.
        // The engine's kinds: built in, and from the same plugin jars through the same loader.
        Kinds kinds = KindsConfiguration.onClassPath().with(plugins.plugins());
        SpecLoader loader = new SpecLoader(kinds);
        List<SpecDocument> documents = new ArrayList<>();
        List<SpecError> errors = new ArrayList<>();
        for (String file : files) {
            try {
                long size = Files.size(dir.resolve(file));
                LoadResult result = size > maxFileBytes ? SpecLoader.tooLarge(file, size, maxFileBytes)
                        : loader.load(file, Files.readAllBytes(dir.resolve(file)));
                documents.addAll(result.documents());
                errors.addAll(result.errors());
                // A deprecated apiVersion still loads: said, not counted as an error.
                result.warnings().forEach(warning -> out.println(warning + " (warning)"));
            } catch (IOException e) {
                errors.add(new SpecError(file, 0, "", "cannot read the file: " + e.getMessage(), null));
            }
        }
        documents = new ArrayList<>(new Selectors(kinds).resolveAll(documents));
        if (showSelectors) {
            printSelections(kinds, documents, out);
        }
        // As the engine reports: a reference into a file that fails to load is that file's error, not the referrer's.
        LoadFailures.Report report = LoadFailures.report(errors, new SpecValidator(kinds, context, List.of()).validate(documents));
        errors = new ArrayList<>(report.errors());
        if (config != null) {
            errors.addAll(config.namespaceErrors(documents));
        }
        errors.sort(Comparator.comparing(SpecError::file).thenComparingInt(SpecError::line));
        errors.forEach(out::println);
        String checked = count(files.size(), "file") + ", " + count(documents.size(), "resource");
        String skipped = config == null ? " (backend, policy and quota checks skipped: no --config)" : "";
        if (errors.isEmpty()) {
            err.println("sextant validate: " + checked + ": valid" + skipped);
            return 0;
        }
        long broken = errors.stream().map(SpecError::file).distinct().count();
        String unchecked = report.unchecked().isEmpty() ? "" : "; " + count(report.unchecked().size(), "reference")
                + " into files that fail to load not checked";
        err.println("sextant validate: " + count(errors.size(), "error") + " in " + count((int) broken, "file")
                + " (" + checked + " checked)" + skipped + unchecked);
        return 1;
    }

    /**
     * What each label selector resolved to, one line per selector at its field, tagged like a warning so CI
     * annotations do not take it for an error, such as
     * {@code routes.yaml:9: spec.targets[0].selector: app=llama selects ModelDeployment a, b (info)}; a selector
     * that selects nothing is an error of its kind's rules instead.
     */
    private static void printSelections(Kinds kinds, List<SpecDocument> documents, PrintStream out) {
        for (SpecDocument document : documents) {
            for (Selection selection : kinds.definition(document.key().kind()).selections(document.resource())) {
                List<String> matched = new ArrayList<>();
                kinds.references(document.resource()).stream().filter(r -> r.field().equals(selection.field()))
                        .forEach(r -> matched.add(r.target().name()));
                if (!matched.isEmpty()) {
                    out.println(new SpecError(document.file(), document.lineOf(selection.field()), selection.field(),
                            selection.selector() + " selects " + selection.kind() + " " + String.join(", ", matched), null)
                            + " (info)");
                }
            }
        }
    }

    /** Directory prefixes of {@code --paths}, normalised as the engine does ({@code ./teams/} is {@code teams}). */
    private static List<String> paths(Path dir, String option) throws UsageException {
        List<String> paths = new ArrayList<>();
        for (String path : option == null ? new String[0] : option.split(",")) {
            String p = path.strip().replace('\\', '/').replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
            if (p.isEmpty() || p.equals(".")) {
                return List.of(); // the whole checkout
            }
            if (!Files.isDirectory(dir.resolve(p))) {
                throw new UsageException("--paths: " + p + " is not a directory of " + dir);
            }
            paths.add(p);
        }
        return paths;
    }

    /** Spec files under {@code dir} as sorted relative paths with {@code /}, outside {@code .git}. */
    static List<String> specFiles(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                return path.getFileName() != null && path.getFileName().toString().equals(".git") && !path.equals(dir)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                String relative = dir.relativize(path).toString().replace(File.separatorChar, '/');
                if (attributes.isRegularFile() && SpecLoader.isSpecFile(relative)) {
                    files.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
