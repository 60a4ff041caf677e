package io.sextant.appliers.http;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last manifest Sextant applied to each resource of a backend whose API has no room for it
 * (Triton's model config, vLLM's model list). Observe starts from it and overlays what the backend
 * does report, so a diff shows real live changes and nothing else. It also records ownership: a
 * resource with no entry was never applied through this backend's data directory.
 *
 * <p>Kept in {@code manifests.json} under the backend's data directory, rewritten atomically on every
 * change; in memory only when there is no data directory. Thread-safe.
 */
public final class ManifestStash {

    private static final String FILE = "manifests.json";

    private final Path file;
    private final String backend;
    private final Map<ResourceKey, JsonNode> manifests = new TreeMap<>();

    private ManifestStash(Path file, String backend) {
        this.file = file;
        this.backend = backend;
    }

    /**
     * Opens the stash of {@code backend} in {@code dataDir} (created when missing), or an in-memory one.
     *
     * @throws UncheckedIOException when an existing file cannot be read
     */
    public static ManifestStash open(Path dataDir, String backend) {
        ManifestStash stash = new ManifestStash(dataDir == null ? null : dataDir.resolve(FILE), backend);
        if (stash.file != null && Files.exists(stash.file)) {
            try {
                JsonNode root = JsonMapper.shared().readTree(Files.readAllBytes(stash.file));
                for (Map.Entry<String, JsonNode> entry : root.path("resources").properties()) {
                    stash.manifests.put(ResourceKey.parse(entry.getKey(), ""), entry.getValue());
                }
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException("backend '" + backend + "': cannot read " + stash.file,
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
        return stash;
    }

    public synchronized Optional<JsonNode> get(ResourceKey key) {
        JsonNode manifest = manifests.get(key);
        return manifest == null ? Optional.empty() : Optional.of(manifest.deepCopy());
    }

    public synchronized List<ResourceKey> keys() {
        return new ArrayList<>(manifests.keySet());
    }

    /** Records {@code manifest} as applied; writes the file only when it changed. */
    public synchronized void put(ResourceKey key, JsonNode manifest) throws BackendException {
        JsonNode previous = manifests.get(key);
        if (previous != null && JsonValues.same(previous, manifest)) {
            return;
        }
        manifests.put(key, manifest.deepCopy());
        save(key, previous);
    }

    /** Forgets a resource; forgetting an unknown one is a no-op. */
    public synchronized void remove(ResourceKey key) throws BackendException {
        JsonNode previous = manifests.remove(key);
        if (previous != null) {
            save(key, previous);
        }
    }

    private void save(ResourceKey key, JsonNode previous) throws BackendException {
        if (file == null) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", "sextant-manifests/1");
        ObjectNode resources = root.putObject("resources");
        manifests.forEach((k, v) -> resources.set(k.toString(), v));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Memory must not run ahead of disk: a restart would otherwise forget what was applied.
            if (previous == null) {
                manifests.remove(key);
            } else {
                manifests.put(key, previous);
            }
            throw BackendException.transientFailure("backend '" + backend + "': cannot write " + file + ": " + e, e);
        }
    }
}
