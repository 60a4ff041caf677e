package io.sextant.engine.plugins;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of one plugin jar. It sees the JDK, the plugin API ({@code io.sextant.plugin}) and
 * Jackson (the API's document type) from the engine, and nothing else of it: Spring, JGit, fabric8,
 * SLF4J and the engine's own classes stay out of reach, so a plugin cannot come to depend on them (an
 * upgrade of the engine's libraries can then never break it) and may bundle its own versions of any
 * library without clashing. Everything else resolves from the jar only.
 *
 * <p>Its parent is the platform class loader, so service files and resources on the engine's class path
 * (such as the built-in kinds' own {@code META-INF/services} entries) are not found through a plugin's
 * loader: {@link java.util.ServiceLoader} sees the jar's services alone.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Packages shared with the engine: the API, and Jackson because the API's documents are its nodes. */
    static final List<String> SHARED_PACKAGES = List.of("io.sextant.plugin.", "tools.jackson.",
            "com.fasterxml.jackson.annotation.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader engine;

    PluginClassLoader(Path jar, ClassLoader engine) {
        super("plugin:" + jar.getFileName(), new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader());
        this.engine = engine;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return engine.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean shared(String className) {
        return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(jar + ": not a file path", e);
        }
    }
}
