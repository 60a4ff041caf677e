package io.sextant.engine.plugins;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.kinds.KindsConfiguration;
import io.sextant.spec.api.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import io.sextant.plugin.SextantPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the plugin jars of {@code sextant.plugins-dir} at start-up. A plugin that cannot be used stops
 * start-up with one {@link ConfigurationException} naming the jar, reported as the other configuration
 * mistakes are: running without a kind the specs use would turn its resources into errors, or leave them
 * unmanaged.
 */
@Configuration(proxyBeanMethods = false)
class PluginsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PluginsConfiguration.class);

    static final String KEY = "sextant.plugins-dir";

    /**
     * The engine's one registry of kinds: every {@link SextantPlugin} on the class path (the built-in kinds
     * among them), then any registered as a bean (an application embedding the engine, or a test, brings
     * its kinds that way), then those of the plugin jars in {@code sextant.plugins-dir}.
     *
     * @throws IllegalArgumentException naming the plugin when one is refused (see {@link Kinds})
     */
    @Bean
    Kinds kinds(ObjectProvider<SextantPlugin> beans, LoadedPlugins plugins) {
        return KindsConfiguration.withoutJars(beans).with(plugins.plugins());
    }

    /** Closed with the application context, which releases the jars. */
    @Bean
    LoadedPlugins loadedPlugins(SextantProperties properties, ObjectProvider<SextantPlugin> beans) {
        Path directory = properties.pluginsDirectory().toAbsolutePath().normalize();
        if (properties.pluginsDir() != null && !Files.isDirectory(directory)) {
            // Only the default may be absent: a directory the user named and that is not there is a mistake.
            throw new ConfigurationException(KEY, directory + " is not a directory",
                    "Create the directory and put the plugin jars in it, or remove the setting.");
        }
        LoadedPlugins plugins;
        try {
            plugins = PluginLoader.load(directory, KindsConfiguration.withoutJars(beans));
        } catch (PluginException e) {
            throw new ConfigurationException(KEY, e.getMessage(), e.fix(), e);
        }
        if (plugins.loaded().isEmpty()) {
            log.info("No plugins in {}", directory);
        }
        plugins.describe().forEach(line -> log.info("Loaded {}", line));
        return plugins;
    }
}
