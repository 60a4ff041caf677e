package io.sextant.engine.plugins;

import io.sextant.plugin.SextantPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real plugin jars for tests: Java sources compiled with the JDK's compiler against the plugin API (and
 * whatever else the test names), packed with a service file as a plugin author's build would.
 */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * A plugin class {@code test.<className>} with the given name, API version and kinds, each a minimal
     * but complete definition (an object schema, a record binding only metadata).
     */
    static String plugin(String className, String name, int apiVersion, String... kinds) {
        StringBuilder list = new StringBuilder();
        for (String kind : kinds) {
            list.append(list.isEmpty() ? "" : ", ").append("new Def(\"").append(kind).append("\")");
        }
        return """
                package test;
                import io.sextant.plugin.*;
                import java.util.List;
                import tools.jackson.databind.JsonNode;
                import tools.jackson.databind.node.JsonNodeFactory;
                public class %1$s implements SextantPlugin {
                    public String name() { return "%2$s"; }
                    public int apiVersion() { return %3$d; }
                    public List<KindDefinition> kinds() { return List.of(%4$s); }
                    public record Thing(Metadata metadata, Kind kind) implements Resource {}
                    static final class Def implements KindDefinition {
                        private final String name;
                        Def(String name) { this.name = name; }
                        public String kind() { return name; }
                        public List<String> apiVersions() { return List.of("example.com/v1"); }
                        public JsonNode schema(String version) { return JsonNodeFactory.instance.objectNode().put("type", "object"); }
                        public Class<? extends Resource> type() { return Thing.class; }
                        public Resource bind(Metadata metadata, JsonNode spec, BindContext context) { return new Thing(metadata, Kind.of(name)); }
                        public JsonNode spec(Resource resource) { return JsonNodeFactory.instance.objectNode(); }
                        public int applyOrder() { return 500; }
                    }
                }
                """.formatted(className, name, apiVersion, list);
    }

    /**
     * Compiles {@code sources} (class name in package {@code test} to source) against the plugin API, plus
     * {@code extraClasspath}, into a jar whose service file names {@code services} (null: no service file).
     */
    static Path jar(Path dir, String fileName, Map<String, String> sources, List<String> services,
                    Class<?>... extraClasspath) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path classes = Files.createTempDirectory(dir, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                classpath(extraClasspath), "--release", "17", "-nowarn", "-Xlint:none"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve("test").resolve(source.getKey() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test plugin sources do not compile");
        }
        Path jar = dir.resolve(fileName);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            if (services != null) {
                out.putNextEntry(new JarEntry(PluginLoader.SERVICE_FILE));
                out.write(String.join("\n", services).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String classpath(Class<?>... extra) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : Stream.concat(Stream.of(SextantPlugin.class, tools.jackson.databind.JsonNode.class, tools.jackson.core.TreeNode.class),
                Stream.of(extra)).toList()) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
