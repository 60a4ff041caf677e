package io.sextant.appliers.sim;

import io.sextant.plugin.SimNodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The nodes of a simulated cluster and their local disks (the sim backend's {@link SimNodes} facet).
 * Nodes come from the GPU inventory: each GPU type fills {@code gpus-per-node} GPUs a node, so
 * {@code {H100-80GB: 16, L4-24GB: 8}} with the default of 8 is three nodes, each with {@code disk-per-node}
 * of disk and the label {@code sextant.io/gpu-type}. Placed claims fill at {@code pull-rate} per second per
 * node from when they were placed, measured on the clock, so no thread is needed. Every change is written
 * through {@link SimDiskState} before it is answered, like the sim's journal.
 */
final class SimDisks implements SimNodes {

    static final String GPU_TYPE_LABEL = "sextant.io/gpu-type";

    /** One claim; {@code nodes} empty and {@code waiting} set while it is not placed. */
    record Held(String owner, Map<String, String> selector, long bytesPerNode, JsonNode record, long seq,
                List<String> nodes, Instant since, String waiting) {
        Held placedOn(List<String> on, Instant at) {
            return new Held(owner, selector, bytesPerNode, record, seq, on, at, "");
        }

        Held waitingFor(String why) {
            return new Held(owner, selector, bytesPerNode, record, seq, List.of(), null, why);
        }
    }

    private final String backendName;
    private final long pullBytesPerSecond;
    private final Clock clock;
    private final SimDiskState state;
    /** Node name to its disk, labels and what placed claims hold, in name order. */
    private final TreeMap<String, Node> nodes = new TreeMap<>();
    /** By owner, in the order claims were made (first come, first served). */
    private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
    private long nextSeq = 1;

    /** @param state where claims are kept across restarts; {@link SimDiskState#inMemory()} keeps none */
    SimDisks(String backendName, SimSettings settings, Clock clock, SimDiskState state) {
        this.backendName = backendName;
        this.pullBytesPerSecond = settings.pullBytesPerSecond();
        this.clock = clock;
        this.state = state;
        settings.gpus().forEach((type, count) -> {
            int perNode = settings.gpusPerNode();
            for (int i = 0; i < (count + perNode - 1) / perNode; i++) {
                String name = backendName + "-" + type.toLowerCase(Locale.ROOT) + "-" + i;
                nodes.put(name, new Node(name, Map.of(GPU_TYPE_LABEL, type), settings.diskPerNode(), 0));
            }
        });
        restore(state.read());
    }

    @Override
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized Claim claim(String owner, Map<String, String> nodeSelector, long bytesPerNode, JsonNode record) {
        if (bytesPerNode < 0) {
            throw new IllegalArgumentException("bytesPerNode must not be negative, got " + bytesPerNode);
        }
        Held current = held.get(owner);
        if (current != null && current.selector().equals(nodeSelector) && current.bytesPerNode() == bytesPerNode) {
            held.put(owner, new Held(owner, current.selector(), bytesPerNode, record.deepCopy(), current.seq(),
                    current.nodes(), current.since(), current.waiting()));
        } else {
            if (current != null) {
                free(current);
                held.remove(owner);
            }
            held.put(owner, place(new Held(owner, Map.copyOf(nodeSelector), bytesPerNode, record.deepCopy(), nextSeq++,
                    List.of(), null, "")));
            if (current != null) {
                placeWaiting();
            }
        }
        save();
        return view(held.get(owner));
    }

    @Override
    public synchronized Optional<Claim> claim(String owner) {
        return Optional.ofNullable(held.get(owner)).map(this::view);
    }

    @Override
    public synchronized List<Claim> claims() {
        return held.values().stream().map(this::view).toList();
    }

    @Override
    public synchronized void release(String owner) {
        Held gone = held.remove(owner);
        if (gone != null) {
            free(gone);
            placeWaiting();
            save();
        }
    }

    /** The claim placed on every node its selector picks, or waiting with the reason. */
    private Held place(Held claim) {
        List<Node> picked = nodes.values().stream()
                .filter(n -> n.labels().entrySet().containsAll(claim.selector().entrySet())).toList();
        if (picked.isEmpty()) {
            return claim.waitingFor("no node of backend '" + backendName + "' matches " + selector(claim.selector())
                    + " (its nodes: " + labelsInUse() + ")");
        }
        List<String> lacking = new ArrayList<>();
        for (Node node : picked) {
            if (node.freeBytes() < claim.bytesPerNode()) {
                lacking.add(node.name() + " has " + ByteQuantity.format(node.freeBytes()) + " free of "
                        + ByteQuantity.format(node.diskBytes()));
            }
        }
        if (!lacking.isEmpty()) {
            return claim.waitingFor("does not fit: needs " + ByteQuantity.format(claim.bytesPerNode()) + " on each of "
                    + picked.size() + " nodes " + selector(claim.selector()) + "; " + String.join(", ", lacking));
        }
        picked.forEach(n -> nodes.put(n.name(), withClaimed(n, n.claimedBytes() + claim.bytesPerNode())));
        return claim.placedOn(picked.stream().map(Node::name).toList(), clock.instant());
    }

    /** After space was freed: waiting claims, oldest first, take what now fits (their reasons are renewed). */
    private void placeWaiting() {
        for (Held claim : List.copyOf(held.values())) {
            if (!claim.waiting().isEmpty()) {
                held.put(claim.owner(), place(claim));
            }
        }
    }

    private void free(Held claim) {
        claim.nodes().forEach(name -> nodes.computeIfPresent(name,
                (k, n) -> withClaimed(n, n.claimedBytes() - claim.bytesPerNode())));
    }

    private Claim view(Held h) {
        int percent = 0;
        if (h.waiting().isEmpty()) {
            double seconds = Math.max(0, Duration.between(h.since(), clock.instant()).toMillis()) / 1000.0;
            percent = h.bytesPerNode() == 0 ? 100
                    : (int) Math.min(100, Math.floor(seconds * pullBytesPerSecond * 100 / h.bytesPerNode()));
        }
        return new Claim(h.owner(), h.selector(), h.bytesPerNode(), h.record().deepCopy(), h.nodes(), percent, h.waiting());
    }

    /**
     * Takes claims back from a restart. The configuration may have changed since: a claim whose nodes are all
     * still there with room keeps its place and progress; the others are placed again (or wait), in order.
     */
    private void restore(List<Held> saved) {
        List<Held> again = new ArrayList<>();
        for (Held claim : saved) {
            nextSeq = Math.max(nextSeq, claim.seq() + 1);
            boolean keeps = !claim.nodes().isEmpty() && claim.nodes().stream().allMatch(name -> nodes.containsKey(name)
                    && nodes.get(name).freeBytes() >= claim.bytesPerNode());
            if (keeps) {
                claim.nodes().forEach(name -> nodes.put(name, withClaimed(nodes.get(name),
                        nodes.get(name).claimedBytes() + claim.bytesPerNode())));
                held.put(claim.owner(), claim);
            } else {
                held.put(claim.owner(), claim.waitingFor("not placed yet"));
                again.add(claim);
            }
        }
        if (!again.isEmpty()) {
            placeWaiting();
        }
    }

    private void save() {
        state.write(List.copyOf(held.values()));
    }

    private static Node withClaimed(Node node, long claimed) {
        return new Node(node.name(), node.labels(), node.diskBytes(), claimed);
    }

    private static String selector(Map<String, String> selector) {
        return selector.isEmpty() ? "(any node)" : new TreeMap<>(selector).toString();
    }

    private String labelsInUse() {
        return nodes.values().stream().map(n -> new TreeMap<>(n.labels()).toString()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
