package io.sextant.engine.plugins;

import static io.sextant.engine.plugins.PluginJars.jar;
import static io.sextant.engine.plugins.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.plugin.KindDefinition;
import io.sextant.spec.api.Kinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars as authors build them, good and broken: what loads, and what each mistake says. */
class PluginLoaderTest {

    private static final Kinds BUILT_IN = Kinds.builtIn();

    @TempDir
    Path tmp;

    private Path plugins() throws IOException {
        return Files.createDirectories(tmp.resolve("plugins"));
    }

    private Path build(Path dir, String jarName, String className, String name, int api, String... kinds)
            throws IOException {
        return jar(dir, jarName, Map.of(className, plugin(className, name, api, kinds)), List.of("test." + className));
    }

    @Test
    void loadsEachJarsPluginsAndTheirKindsInJarOrder() throws Exception {
        Path dir = plugins();
        build(dir, "b-cache.jar", "CachePlugin", "model-cache", 1, "ModelCache");
        build(dir, "a-windows.jar", "WindowPlugin", "sync-windows", 1, "MaintenanceWindow", "Freeze");
        Files.writeString(dir.resolve("README.txt"), "not a jar: left alone");

        try (LoadedPlugins loaded = PluginLoader.load(dir, BUILT_IN)) {
            assertThat(loaded.plugins()).extracting(p -> p.name()).containsExactly("sync-windows", "model-cache");
            assertThat(loaded.loaded().get(1).kinds()).extracting(KindDefinition::kind).containsExactly("ModelCache");
            assertThat(loaded.describe()).containsExactly(
                    "plugin sync-windows (plugin API 1) from " + dir.resolve("a-windows.jar") + ": 2 kinds",
                    "kind MaintenanceWindow [example.com/v1] from plugin sync-windows",
                    "kind Freeze [example.com/v1] from plugin sync-windows",
                    "plugin model-cache (plugin API 1) from " + dir.resolve("b-cache.jar") + ": 1 kind",
                    "kind ModelCache [example.com/v1] from plugin model-cache");
        }
    }

    @Test
    void aMissingDirectoryHoldsNoPlugins() throws Exception {
        assertThat(PluginLoader.load(tmp.resolve("nothing-here"), BUILT_IN).plugins()).isEmpty();
    }

    @Test
    void eachPluginHasItsOwnClassLoaderThatSeesThePluginApiButNotTheEngine() throws Exception {
        Path dir = plugins();
        build(dir, "cache.jar", "CachePlugin", "model-cache", 1, "ModelCache");
        build(dir, "other.jar", "OtherPlugin", "other", 1, "Other");

        try (LoadedPlugins loaded = PluginLoader.load(dir, BUILT_IN)) {
            ClassLoader cache = loaded.plugins().get(0).getClass().getClassLoader();
            assertThat(cache).isNotSameAs(loaded.plugins().get(1).getClass().getClassLoader());
            assertThat(cache.loadClass(KindDefinition.class.getName())).isSameAs(KindDefinition.class);
            assertThat(cache.loadClass(tools.jackson.databind.JsonNode.class.getName()))
                    .isSameAs(tools.jackson.databind.JsonNode.class);
            for (String hidden : List.of("org.springframework.context.ApplicationContext", "org.slf4j.Logger",
                    "org.eclipse.jgit.api.Git", "io.sextant.engine.config.SextantProperties",
                    "io.sextant.spec.SpecLoader", "test.OtherPlugin")) {
                assertThatThrownBy(() -> cache.loadClass(hidden)).as(hidden).isInstanceOf(ClassNotFoundException.class);
            }
        }
    }

    @Test
    void aPluginUsingAnEngineLibraryItDidNotBundleIsRefusedNamingTheClass() throws Exception {
        Path dir = plugins();
        String source = plugin("SpringPlugin", "springy", 1, "Springy").replace(
                "public String name() { return \"springy\"; }",
                "public String name() { return org.springframework.util.StringUtils.capitalize(\"springy\"); }");
        jar(dir, "springy.jar", Map.of("SpringPlugin", source), List.of("test.SpringPlugin"),
                org.springframework.util.StringUtils.class);

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith(dir.resolve("springy.jar") + ": test.SpringPlugin failed while describing itself")
                .hasMessageContaining("org/springframework/util/StringUtils");
    }

    @Test
    void aCorruptJarIsRefusedNamingIt() throws Exception {
        Path dir = plugins();
        Files.write(dir.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith(dir.resolve("broken.jar") + ": not a readable jar (")
                .satisfies(e -> assertThat(((PluginException) e).fix()).contains("Rebuild or re-copy the jar"));
    }

    @Test
    void aJarWithoutAPluginServiceIsRefused() throws Exception {
        Path dir = plugins();
        jar(dir, "library.jar", Map.of("CachePlugin", plugin("CachePlugin", "x", 1)), null);

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessage(dir.resolve("library.jar")
                + ": no SextantPlugin service in it (no META-INF/services/io.sextant.plugin.SextantPlugin)");
    }

    @Test
    void aServiceNamingAMissingClassIsRefused() throws Exception {
        Path dir = plugins();
        jar(dir, "typo.jar", Map.of("CachePlugin", plugin("CachePlugin", "x", 1)), List.of("test.CachePlugn"));

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN))
                .hasMessageStartingWith(dir.resolve("typo.jar") + ": cannot create its SextantPlugin: ")
                .hasMessageContaining("test.CachePlugn");
    }

    @Test
    void anotherPluginApiVersionIsRefused() throws Exception {
        Path dir = plugins();
        build(dir, "future.jar", "FuturePlugin", "future", 2, "Future");

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessage(dir.resolve("future.jar")
                + ": plugin future was built against plugin API version 2; this engine supports version 1");
    }

    @Test
    void aKindDefinedByTwoPluginsIsRefusedNamingBothJars() throws Exception {
        Path dir = plugins();
        build(dir, "a.jar", "APlugin", "first", 1, "ModelCache");
        build(dir, "b.jar", "BPlugin", "second", 1, "ModelCache");

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessage(dir.resolve("b.jar")
                + ": plugin second defines kind ModelCache, which plugin first in " + dir.resolve("a.jar")
                + " already defines");
    }

    @Test
    void aKindClashingWithABuiltInKindIsRefused() throws Exception {
        Path dir = plugins();
        build(dir, "mine.jar", "MinePlugin", "mine", 1, "ModelDeployment");

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessage(dir.resolve("mine.jar")
                + ": plugin mine defines kind ModelDeployment, which the engine (a built-in kind) already defines");
    }

    @Test
    void aJarOrDirectoryEveryUserMayWriteIsRefused() throws Exception {
        Path dir = plugins();
        Path jar = build(dir, "cache.jar", "CachePlugin", "model-cache", 1, "ModelCache");
        Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessage(jar + ": the plugin jar is writable by"
                + " every user of the machine, who could then run code inside the engine");

        Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessageStartingWith(dir
                + ": the plugins directory is writable by every user of the machine");
    }

    @Test
    void aSchemaThatDoesNotCompileIsRefusedNamingTheJar() throws Exception {
        Path dir = plugins();
        jar(dir, "bad-schema.jar", Map.of("BadPlugin", plugin("BadPlugin", "bad", 1, "BadSchema")
                .replace(".put(\"type\", \"object\")", ".put(\"pattern\", \"([a-z\")")), List.of("test.BadPlugin"));

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN))
                .hasMessageStartingWith(dir.resolve("bad-schema.jar") + ": kind 'BadSchema': the JSON Schema of"
                        + " example.com/v1 is invalid");
    }

    /** A plugin with no kinds of its own, serving {@code kind} on sim. */
    private static String supportOnly(String className, String kind) {
        return """
                package test;
                import io.sextant.plugin.*;
                import java.util.*;
                public class %1$s implements SextantPlugin {
                    public String name() { return "%1$s"; }
                    public int apiVersion() { return PluginApi.VERSION; }
                    public List<KindSupport> kindSupport() { return List.of(new KindSupport() {
                        public String backendType() { return "sim"; }
                        public String kind() { return "%2$s"; }
                        public Optional<ObservedResource> observe(ResourceKey key, BackendContext backend) { return Optional.empty(); }
                        public List<ObservedResource> observeAll(BackendContext backend) { return List.of(); }
                        public ObservedResource apply(DesiredResource desired, BackendContext backend) { throw new UnsupportedOperationException(); }
                        public void delete(ResourceKey key, BackendContext backend) {}
                    }); }
                }
                """.formatted(className, kind);
    }

    @Test
    void aKindSupportMayServeAKindOfAJarThatSortsAfterIt() throws Exception {
        Path dir = plugins();
        jar(dir, "a-support.jar", Map.of("SupportPlugin", supportOnly("SupportPlugin", "ModelCache")), List.of("test.SupportPlugin"));
        build(dir, "b-cache.jar", "CachePlugin", "model-cache", 1, "ModelCache");

        try (LoadedPlugins loaded = PluginLoader.load(dir, BUILT_IN)) {
            assertThat(loaded.plugins()).hasSize(2);
        }
    }

    @Test
    void aKindSupportForAKindNobodyDefinesIsRefusedNamingItsJar() throws Exception {
        Path dir = plugins();
        build(dir, "a-cache.jar", "CachePlugin", "model-cache", 1, "ModelCache");
        jar(dir, "b-support.jar", Map.of("SupportPlugin", supportOnly("SupportPlugin", "ModelCach")), List.of("test.SupportPlugin"));

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessageStartingWith(dir.resolve("b-support.jar")
                + ": kind support for backend type 'sim' names unknown kind 'ModelCach'");
    }

    @Test
    void aKindNameThatIsNotUpperCamelCaseIsRefused() throws Exception {
        Path dir = plugins();
        build(dir, "lower.jar", "LowerPlugin", "lower", 1, "model-cache");

        assertThatThrownBy(() -> PluginLoader.load(dir, BUILT_IN)).hasMessageContaining(
                "plugin lower defines a kind named 'model-cache'; a kind is UpperCamelCase letters and digits");
    }
}
