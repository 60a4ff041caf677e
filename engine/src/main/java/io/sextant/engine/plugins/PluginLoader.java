package io.sextant.engine.plugins;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.SextantPlugin;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the plugin jars of a directory: each {@code *.jar} in its own {@link PluginClassLoader}, its
 * {@link SextantPlugin}s through {@link ServiceLoader}. Shared by the engine (at start-up) and
 * {@code validate --plugins-dir}, so both see the same kinds. Every way a jar can be unusable is a
 * {@link PluginException} naming it; nothing is loaded half.
 */
public final class PluginLoader {

    static final String SERVICE_FILE = "META-INF/services/" + SextantPlugin.class.getName();

    /** As Kubernetes kinds: UpperCamelCase, letters and digits. */
    private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");

    private PluginLoader() {
    }

    /**
     * Loads every plugin jar in {@code directory} (files ending in {@code .jar}, in name order; other files
     * are left alone). A directory that does not exist holds no plugins.
     *
     * @param base the kinds the engine defines itself, which no plugin may define again; each jar's plugins are
     *             added to them (and their schemas compiled) before the next jar, so a mistake names its jar
     */
    public static LoadedPlugins load(Path directory, Kinds base) throws PluginException {
        if (!Files.exists(directory)) {
            return LoadedPlugins.none(directory);
        }
        notWritableByOthers(directory, "the plugins directory");
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginException(directory, "cannot list the plugins directory (" + e.getMessage() + ")",
                    "Make the directory readable by the engine, or point sextant.plugins-dir elsewhere.", e);
        }
        Map<String, String> definedBy = new HashMap<>();
        base.definitions().forEach(kind -> definedBy.put(kind.kind(), "the engine (a built-in kind)"));
        Map<Path, List<SextantPlugin>> byJar = new java.util.LinkedHashMap<>();
        List<LoadedPlugins.Loaded> loaded = new ArrayList<>();
        List<PluginClassLoader> loaders = new ArrayList<>();
        try {
            for (Path jar : jars) {
                notWritableByOthers(jar, "the plugin jar");
                checkJar(jar);
                PluginClassLoader loader = new PluginClassLoader(jar, SextantPlugin.class.getClassLoader());
                loaders.add(loader);
                List<SextantPlugin> found = plugins(jar, loader);
                for (SextantPlugin plugin : found) {
                    LoadedPlugins.Loaded one = check(jar, plugin);
                    for (KindDefinition kind : one.kinds()) {
                        String previous = definedBy.putIfAbsent(kind.kind(), "plugin " + plugin.name() + " in " + jar);
                        if (previous != null) {
                            throw new PluginException(jar, "plugin " + plugin.name() + " defines kind " + kind.kind()
                                    + ", which " + previous + " already defines",
                                    "Remove one of the two jars, or rename the plugin's kind.");
                        }
                    }
                    loaded.add(one);
                }
                byJar.put(jar, found);
            }
            registered(base, byJar);
        } catch (PluginException | RuntimeException | Error e) {
            new LoadedPlugins(directory, List.of(), loaders).close();
            throw e;
        }
        return new LoadedPlugins(directory, loaded, loaders);
    }

    /**
     * A plugin runs inside the engine with all its rights, so whoever can replace a jar (or add one to the
     * directory) can run code as the engine: refuse what every user of the machine may write, as ssh refuses
     * a key file others can read. Not checked where the file system has no POSIX permissions.
     */
    private static void notWritableByOthers(Path path, String what) throws PluginException {
        try {
            if (Files.getPosixFilePermissions(path).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
                throw new PluginException(path, what + " is writable by every user of the machine, who could then run"
                        + " code inside the engine", "Remove that permission (chmod o-w " + path + ").");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions to judge (or none readable): the checks below still read the jar.
        }
    }

    /**
     * The registry with every jar's plugins: what it refuses (a definition without schema, a kind support for a
     * kind nobody defines, two supports of one kind) and a JSON Schema that does not compile are mistakes of
     * the first jar whose plugins, added in order, make it fail. All are tried together first, so one jar's kind
     * support may serve a kind of a jar that sorts after it.
     */
    private static void registered(Kinds base, Map<Path, List<SextantPlugin>> byJar) throws PluginException {
        try {
            compiled(base.with(byJar.values().stream().flatMap(List::stream).toList()));
            return;
        } catch (RuntimeException | LinkageError e) {
            // Find the jar below.
        }
        Kinds kinds = base;
        for (Map.Entry<Path, List<SextantPlugin>> jar : byJar.entrySet()) {
            try {
                kinds = compiled(kinds.with(jar.getValue()));
            } catch (RuntimeException | LinkageError e) {
                throw new PluginException(jar.getKey(), cause(e), "Fix the plugin's kind definitions (README \"Add a kind\").", e);
            }
        }
    }

    /** {@code kinds}, once a spec loader of them compiled every schema. */
    private static Kinds compiled(Kinds kinds) {
        new SpecLoader(kinds);
        return kinds;
    }

    /** The jar opens as a zip and declares a plugin, before any of its code runs. */
    private static void checkJar(Path jar) throws PluginException {
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new PluginException(jar, "cannot read the plugin jar",
                    "Make it a readable file, or remove it from the plugins directory.");
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry(SERVICE_FILE) == null) {
                throw new PluginException(jar, "no SextantPlugin service in it (no " + SERVICE_FILE + ")",
                        "List the plugin's class in " + SERVICE_FILE + " inside the jar, or remove the jar"
                                + " from the plugins directory.");
            }
        } catch (IOException | SecurityException e) {
            throw new PluginException(jar, "not a readable jar (" + e.getMessage() + ")",
                    "Rebuild or re-copy the jar (it may be truncated), or remove it from the plugins directory.", e);
        }
    }

    private static List<SextantPlugin> plugins(Path jar, ClassLoader loader) throws PluginException {
        List<SextantPlugin> plugins = new ArrayList<>();
        try {
            Iterator<SextantPlugin> found = ServiceLoader.load(SextantPlugin.class, loader).iterator();
            while (found.hasNext()) {
                plugins.add(found.next());
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException(jar, "cannot create its SextantPlugin: " + cause(e),
                    "A plugin sees only the JDK, io.sextant.plugin and Jackson of the engine: bundle any other"
                            + " library in the jar, and give the plugin class a public no-argument constructor.", e);
        }
        if (plugins.isEmpty()) {
            throw new PluginException(jar, SERVICE_FILE + " names no SextantPlugin class",
                    "Write the plugin class's full name into " + SERVICE_FILE + ".");
        }
        return plugins;
    }

    private static LoadedPlugins.Loaded check(Path jar, SextantPlugin plugin) throws PluginException {
        String type = plugin.getClass().getName();
        try {
            String name = plugin.name();
            if (name == null || name.isBlank()) {
                throw new PluginException(jar, type + " has no name()", "Return a short name such as model-cache.");
            }
            if (plugin.apiVersion() != PluginApi.VERSION) {
                throw new PluginException(jar, "plugin " + name + " was built against plugin API version "
                        + plugin.apiVersion() + "; this engine supports version " + PluginApi.VERSION,
                        "Use a release of the plugin built for plugin API " + PluginApi.VERSION
                                + ", or an engine that supports its version.");
            }
            List<KindDefinition> kinds = plugin.kinds() == null ? List.of() : List.copyOf(plugin.kinds());
            for (KindDefinition kind : kinds) {
                if (kind.kind() == null || !KIND.matcher(kind.kind()).matches()) {
                    throw new PluginException(jar, "plugin " + name + " defines a kind named '" + kind.kind()
                            + "'; a kind is UpperCamelCase letters and digits", "Rename the kind.");
                }
            }
            return new LoadedPlugins.Loaded(plugin, jar, kinds);
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException(jar, type + " failed while describing itself: " + cause(e),
                    "Fix the plugin; it sees only the JDK, io.sextant.plugin and Jackson of the engine.", e);
        }
    }

    /** The innermost cause, which names the missing class or the failing constructor. */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return message;
    }
}
