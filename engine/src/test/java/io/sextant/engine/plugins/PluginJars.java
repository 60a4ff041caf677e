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
     * A plugin class {@code test.<Name>Plugin} with the given name, API version and kinds. Its kinds are
     * {@link java.lang.reflect.Proxy proxies} answering {@code kind()} and {@code apiVersions()}, so the
     * source keeps compiling as the kind definition interface grows.
     */
    static String plugin(String className, String name, int apiVersion, String... kinds) {
        StringBuilder list = new StringBuilder();
        for (String kind : kinds) {
            list.append(list.isEmpty() ? "" : ", ").append("kind(\"").append(kind).append("\")");
        }
        return """
                package test;
                import io.sextant.plugin.*;
                import java.util.List;
                public class %1$s implements SextantPlugin {
                    public String name() { return "%2$s"; }
                    public int apiVersion() { return %3$d; }
                    public List<KindDefinition> kinds() { return List.of(%4$s); }
                    static KindDefinition kind(String name) {
                        return (KindDefinition) java.lang.reflect.Proxy.newProxyInstance(%1$s.class.getClassLoader(),
                                new Class<?>[] {KindDefinition.class}, (proxy, method, args) -> switch (method.getName()) {
                                    case "kind" -> name;
                                    case "apiVersions" -> List.of("example.com/v1");
                                    case "toString" -> name;
                                    case "hashCode" -> name.hashCode();
                                    case "equals" -> proxy == args[0];
                                    default -> throw new UnsupportedOperationException(method.getName());
                                });
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
        for (Class<?> type : Stream.concat(Stream.of(SextantPlugin.class, tools.jackson.databind.JsonNode.class),
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
