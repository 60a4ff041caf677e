package io.sextant.engine.plugins;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.SextantPlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugins found in a plugins directory, each with its jar. Holds their class loaders open while the
 * engine runs; {@link #close()} releases the jars.
 */
public final class LoadedPlugins implements AutoCloseable {

    /** One plugin and the jar it came from. */
    public record Loaded(SextantPlugin plugin, Path jar, List<KindDefinition> kinds) {
        public Loaded {
            kinds = List.copyOf(kinds);
        }
    }

    private final Path directory;
    private final List<Loaded> plugins;
    private final List<PluginClassLoader> loaders;

    LoadedPlugins(Path directory, List<Loaded> plugins, List<PluginClassLoader> loaders) {
        this.directory = directory;
        this.plugins = List.copyOf(plugins);
        this.loaders = List.copyOf(loaders);
    }

    /** No plugins (no directory, or an empty one). */
    public static LoadedPlugins none(Path directory) {
        return new LoadedPlugins(directory, List.of(), List.of());
    }

    /** The directory they were loaded from. */
    public Path directory() {
        return directory;
    }

    /** Every plugin with its jar, in the order of the jars' file names. */
    public List<Loaded> loaded() {
        return plugins;
    }

    /** The plugins alone, for the registry of kinds. */
    public List<SextantPlugin> plugins() {
        return plugins.stream().map(Loaded::plugin).toList();
    }

    /** One line per plugin and per kind, as the engine logs them at start-up. */
    public List<String> describe() {
        List<String> lines = new java.util.ArrayList<>();
        for (Loaded loaded : plugins) {
            lines.add("plugin " + loaded.plugin().name() + " (plugin API " + loaded.plugin().apiVersion() + ") from "
                    + loaded.jar() + ": " + loaded.kinds().size() + (loaded.kinds().size() == 1 ? " kind" : " kinds"));
            for (KindDefinition kind : loaded.kinds()) {
                lines.add("kind " + kind.kind() + " " + kind.apiVersions() + " from plugin " + loaded.plugin().name());
            }
        }
        return lines;
    }

    @Override
    public void close() {
        for (PluginClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                // Only releases a file handle; nothing to recover.
            }
        }
    }
}
