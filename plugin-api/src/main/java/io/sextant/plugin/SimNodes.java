package io.sextant.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The nodes of a {@code sim} backend and their local disks: a facet the sim backend offers to the kinds it
 * serves, so a plugin kind such as a cache of model weights can claim disk without knowing the simulator's
 * classes. A claim asks for the same number of bytes on every node a selector picks, all or nothing (a
 * partial cache helps no replica). One that fits is placed at once and fills at the backend's configured
 * pull rate from then on, as a real download would; one that does not fit waits, first come first served,
 * and is placed when a release frees enough space. Claims, with a record their owner keeps with them (such
 * as its live manifest), are kept with the backend's state, so they survive an engine restart. Thread-safe.
 */
public interface SimNodes {

    /**
     * One simulated node.
     *
     * @param name          unique within the backend, such as {@code sim-local-h100-80gb-0}
     * @param labels        as Kubernetes node labels, such as {@code sextant.io/gpu-type: H100-80GB}
     * @param diskBytes     its local disk
     * @param claimedBytes  what placed claims hold of it
     */
    record Node(String name, Map<String, String> labels, long diskBytes, long claimedBytes) {
        public Node {
            Objects.requireNonNull(name, "name");
            labels = Map.copyOf(labels);
        }

        public long freeBytes() {
            return diskBytes - claimedBytes;
        }
    }

    /**
     * Disk asked for by one owner, as it stands now.
     *
     * @param owner         who holds it, such as a resource's {@code Kind/namespace/name}
     * @param nodeSelector  the labels the nodes carry (empty: every node)
     * @param bytesPerNode  asked for on each of them
     * @param record        what the owner keeps with the claim (its live manifest, say)
     * @param nodes         the nodes holding it, by name; empty while it waits
     * @param percentFilled how far the (simulated) download has come, 0 to 100; 0 while it waits
     * @param waiting       why it is not placed (which node lacks how much, or that no node matches); empty
     *                      when placed
     */
    record Claim(String owner, Map<String, String> nodeSelector, long bytesPerNode, JsonNode record,
                 List<String> nodes, int percentFilled, String waiting) {
        public Claim {
            Objects.requireNonNull(owner, "owner");
            nodeSelector = Map.copyOf(nodeSelector);
            nodes = List.copyOf(nodes);
            waiting = waiting == null ? "" : waiting;
        }

        public boolean placed() {
            return waiting.isEmpty();
        }

        public boolean filled() {
            return placed() && percentFilled >= 100;
        }
    }

    /** Every node, in name order. */
    List<Node> nodes();

    /**
     * Claims {@code bytesPerNode} on every node carrying all of {@code nodeSelector}'s labels for {@code owner},
     * keeping {@code record} with it. The same selector and size again keep the claim's place and progress
     * (only the record is replaced); a different one releases the old claim first, as a resized cache is
     * downloaded again.
     *
     * @return the claim as it stands, placed or waiting
     */
    Claim claim(String owner, Map<String, String> nodeSelector, long bytesPerNode, JsonNode record);

    /** The owner's claim as it stands now, progress included; empty when it has none. */
    Optional<Claim> claim(String owner);

    /** Every claim, in the order they were made. */
    List<Claim> claims();

    /** Releases the owner's claim, placing waiting claims that now fit; releasing none is not an error. */
    void release(String owner);
}
