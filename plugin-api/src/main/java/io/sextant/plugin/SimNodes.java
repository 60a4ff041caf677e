package io.sextant.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nodes of a {@code sim} backend and their local disks: a facet the sim backend offers to the kinds it
 * serves, so a plugin kind such as a cache of model weights can reserve disk without knowing the
 * simulator's classes. A reservation holds the same number of bytes on every node a selector picks, all or
 * nothing, and fills at the backend's configured pull rate from the moment it was made (as a real
 * download would), so a kind can report progress. Reservations live in the backend's memory: after an
 * engine restart a kind reserves again (a simulated download then starts over). Thread-safe.
 */
public interface SimNodes {

    /**
     * One simulated node.
     *
     * @param name          unique within the backend, such as {@code sim-local-h100-80gb-0}
     * @param labels        as Kubernetes node labels, such as {@code sextant.io/gpu-type: H100-80GB}
     * @param diskBytes     its local disk
     * @param reservedBytes what reservations hold of it
     */
    record Node(String name, Map<String, String> labels, long diskBytes, long reservedBytes) {
        public Node {
            Objects.requireNonNull(name, "name");
            labels = Map.copyOf(labels);
        }

        public long freeBytes() {
            return diskBytes - reservedBytes;
        }
    }

    /**
     * Disk held for one owner on every node its selector picked.
     *
     * @param owner         who holds it, such as a resource's {@code Kind/namespace/name}
     * @param nodeSelector  the labels the nodes carry (empty: every node)
     * @param nodes         the nodes holding it, by name
     * @param bytesPerNode  held on each of them
     * @param percentFilled how far the (simulated) download has come, 0 to 100
     */
    record Reservation(String owner, Map<String, String> nodeSelector, List<String> nodes, long bytesPerNode,
                       int percentFilled) {
        public Reservation {
            nodeSelector = Map.copyOf(nodeSelector);
            nodes = List.copyOf(nodes);
        }

        public boolean filled() {
            return percentFilled >= 100;
        }
    }

    /** What {@link #reserve} did. */
    sealed interface Outcome permits Reserved, DoesNotFit {}

    /** The reservation is held (new, or the owner's existing one when nothing changed). */
    record Reserved(Reservation reservation) implements Outcome {}

    /**
     * Nothing is held: no node matches, or some matching node lacks the space.
     *
     * @param message what does not fit where, with the numbers, for the resource's status
     */
    record DoesNotFit(String message) implements Outcome {}

    /** Every node, in name order. */
    List<Node> nodes();

    /**
     * Holds {@code bytesPerNode} on every node carrying all of {@code nodeSelector}'s labels for
     * {@code owner}. The same request again keeps the existing reservation and its progress; a different one
     * replaces it (the old one is released first, as a resized cache is downloaded again).
     */
    Outcome reserve(String owner, Map<String, String> nodeSelector, long bytesPerNode);

    /** The owner's reservation as it is now, progress included; empty when it holds none. */
    Optional<Reservation> reservation(String owner);

    /** Releases the owner's reservation; releasing none is not an error. */
    void release(String owner);
}
