package io.sextant.appliers.sim;

import io.sextant.plugin.SimNodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The nodes of a simulated cluster and their local disks (the sim backend's {@link SimNodes} facet).
 * Nodes come from the GPU inventory: each GPU type fills {@code gpus-per-node} GPUs a node, so
 * {@code {H100-80GB: 8, L4-24GB: 8}} with the default of 8 is two nodes, each with {@code disk-per-node}
 * of disk and the label {@code sextant.io/gpu-type}. Reservations fill at {@code pull-rate} per second
 * per node, from when they were made.
 */
final class SimDisks implements SimNodes {

    static final String GPU_TYPE_LABEL = "sextant.io/gpu-type";

    private record Held(Map<String, String> selector, List<String> nodes, long bytesPerNode, Instant since) {}

    private final String backendName;
    private final long pullBytesPerSecond;
    private final Clock clock;
    /** Node name to its disk and labels, in name order. */
    private final TreeMap<String, Node> nodes = new TreeMap<>();
    private final Map<String, Held> held = new HashMap<>();

    SimDisks(String backendName, SimSettings settings, Clock clock) {
        this.backendName = backendName;
        this.pullBytesPerSecond = settings.pullBytesPerSecond();
        this.clock = clock;
        settings.gpus().forEach((type, count) -> {
            int perNode = settings.gpusPerNode();
            for (int i = 0; i < (count + perNode - 1) / perNode; i++) {
                String name = backendName + "-" + type.toLowerCase(java.util.Locale.ROOT) + "-" + i;
                nodes.put(name, new Node(name, Map.of(GPU_TYPE_LABEL, type), settings.diskPerNode(), 0));
            }
        });
    }

    @Override
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized Outcome reserve(String owner, Map<String, String> nodeSelector, long bytesPerNode) {
        if (bytesPerNode < 0) {
            throw new IllegalArgumentException("bytesPerNode must not be negative, got " + bytesPerNode);
        }
        Held current = held.get(owner);
        if (current != null && current.selector().equals(nodeSelector) && current.bytesPerNode() == bytesPerNode) {
            return new Reserved(view(owner, current));
        }
        release(owner);
        List<Node> picked = nodes.values().stream()
                .filter(n -> n.labels().entrySet().containsAll(nodeSelector.entrySet())).toList();
        if (picked.isEmpty()) {
            return new DoesNotFit("no node of backend '" + backendName + "' matches " + selector(nodeSelector)
                    + " (it has " + nodes.size() + " nodes: " + labelsInUse() + ")");
        }
        List<String> lacking = new ArrayList<>();
        for (Node node : picked) {
            if (node.freeBytes() < bytesPerNode) {
                lacking.add(node.name() + " has " + ByteQuantity.format(node.freeBytes()) + " free of "
                        + ByteQuantity.format(node.diskBytes()));
            }
        }
        if (!lacking.isEmpty()) {
            return new DoesNotFit("does not fit: needs " + ByteQuantity.format(bytesPerNode) + " on each of "
                    + picked.size() + " nodes " + selector(nodeSelector) + "; " + String.join(", ", lacking));
        }
        picked.forEach(n -> nodes.put(n.name(), withReserved(n, n.reservedBytes() + bytesPerNode)));
        Held now = new Held(Map.copyOf(nodeSelector), picked.stream().map(Node::name).toList(), bytesPerNode,
                clock.instant());
        held.put(owner, now);
        return new Reserved(view(owner, now));
    }

    @Override
    public synchronized Optional<Reservation> reservation(String owner) {
        return Optional.ofNullable(held.get(owner)).map(h -> view(owner, h));
    }

    @Override
    public synchronized void release(String owner) {
        Held gone = held.remove(owner);
        if (gone != null) {
            gone.nodes().forEach(name -> nodes.computeIfPresent(name,
                    (k, n) -> withReserved(n, n.reservedBytes() - gone.bytesPerNode())));
        }
    }

    private Reservation view(String owner, Held h) {
        double seconds = Math.max(0, Duration.between(h.since(), clock.instant()).toMillis()) / 1000.0;
        int percent = h.bytesPerNode() == 0 ? 100
                : (int) Math.min(100, Math.floor(seconds * pullBytesPerSecond * 100 / h.bytesPerNode()));
        return new Reservation(owner, h.selector(), h.nodes(), h.bytesPerNode(), percent);
    }

    private static Node withReserved(Node node, long reserved) {
        return new Node(node.name(), node.labels(), node.diskBytes(), reserved);
    }

    private static String selector(Map<String, String> selector) {
        return selector.isEmpty() ? "(any node)" : new TreeMap<>(selector).toString();
    }

    private String labelsInUse() {
        return nodes.values().stream().map(n -> new TreeMap<>(n.labels()).toString()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
