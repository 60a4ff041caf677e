package io.sextant.appliers.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a sim backend keeps its disk claims across restarts: {@code disks.json} in its state directory,
 * replaced whole (write, then atomic move) on every change. Claims are few (one per cache), so a whole
 * file is simpler than a journal and as safe: a crash leaves the old file or the new one.
 */
class SimDiskState {

    static final String FILE = "disks.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;

    private SimDiskState(Path dir) {
        this.dir = dir;
    }

    /** Kept in {@code dir} (the backend's state directory). */
    static SimDiskState in(Path dir) {
        return new SimDiskState(dir);
    }

    /** Kept nowhere: a backend without a state directory. */
    static SimDiskState inMemory() {
        return new SimDiskState(null);
    }

    List<SimDisks.Held> read() {
        if (dir == null || !Files.exists(dir.resolve(FILE))) {
            return List.of();
        }
        try {
            List<SimDisks.Held> claims = new ArrayList<>();
            for (JsonNode item : JSON.readTree(Files.readAllBytes(dir.resolve(FILE))).path("claims")) {
                Map<String, String> selector = new TreeMap<>();
                item.path("nodeSelector").properties().forEach(e -> selector.put(e.getKey(), e.getValue().asString()));
                List<String> nodes = new ArrayList<>();
                item.path("nodes").forEach(n -> nodes.add(n.asString()));
                claims.add(new SimDisks.Held(item.path("owner").asString(), selector, item.path("bytesPerNode").asLong(),
                        item.path("record"), item.path("seq").asLong(), nodes,
                        item.hasNonNull("since") ? Instant.ofEpochMilli(item.path("since").asLong()) : null,
                        item.path("waiting").asString("")));
            }
            return claims;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("sim backend: cannot read its disk claims from " + dir.resolve(FILE)
                    + " (" + e.getMessage() + "); move the file away to start with empty disks", e);
        }
    }

    void write(List<SimDisks.Held> claims) {
        if (dir == null) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode items = root.putArray("claims");
        for (SimDisks.Held claim : claims) {
            ObjectNode item = items.addObject().put("owner", claim.owner()).put("bytesPerNode", claim.bytesPerNode())
                    .put("seq", claim.seq()).put("waiting", claim.waiting());
            ObjectNode selector = item.putObject("nodeSelector");
            claim.selector().forEach(selector::put);
            ArrayNode nodes = item.putArray("nodes");
            claim.nodes().forEach(nodes::add);
            if (claim.since() != null) {
                item.put("since", claim.since().toEpochMilli());
            }
            item.set("record", claim.record());
        }
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("sim backend: cannot write its disk claims to " + dir.resolve(FILE), e);
        }
    }
}
