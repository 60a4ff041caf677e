package io.sextant.appliers.kubernetes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Why the pods of a model are not serving, in words a person can act on, read from the pod status the
 * kubelet and the scheduler write: an image that cannot be pulled, a container killed for memory, a crash
 * loop with its last termination message, or no node with enough GPUs. A Deployment's own status only says
 * "0 of 2 available"; the reason is on its pods.
 */
final class PodReasons {

    /** Reasons a rollout does not get past by waiting: the resource is Degraded while any pod shows one. */
    private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "OOMKilled", "Unschedulable");
    /** How many distinct reasons go into one message: enough to act on, short enough to read. */
    private static final int MAX_REASONS = 2;
    private static final Pattern INSUFFICIENT =
            Pattern.compile("0/(\\d+) nodes are available:.*?Insufficient ([-a-zA-Z0-9./]+)");

    private PodReasons() {
    }

    /** The reasons found on these pods, most actionable first; empty when no pod shows one. */
    static Optional<Reason> of(List<? extends JsonNode> pods) {
        Set<String> messages = new LinkedHashSet<>();
        boolean stuck = false;
        for (JsonNode pod : pods) {
            Optional<String> found = reason(pod);
            if (found.isPresent()) {
                messages.add(found.get());
                stuck |= STUCK.contains(found.get().split("[ :]", 2)[0]);
            }
        }
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reason(String.join("; ", messages.stream().limit(MAX_REASONS).toList()), stuck));
    }

    /** What keeps one pod from serving, when its status says. */
    static Optional<String> reason(JsonNode pod) {
        JsonNode status = pod.path("status");
        for (JsonNode condition : status.path("conditions")) {
            if ("PodScheduled".equals(condition.path("type").asString(""))
                    && "False".equals(condition.path("status").asString(""))
                    && "Unschedulable".equals(condition.path("reason").asString(""))) {
                return Optional.of("Unschedulable: " + unschedulable(condition.path("message").asString("")));
            }
        }
        for (JsonNode container : status.path("containerStatuses")) {
            String name = container.path("name").asString("");
            JsonNode waiting = container.path("state").path("waiting");
            JsonNode last = container.path("lastState").path("terminated");
            String waitingReason = waiting.path("reason").asString("");
            if ("OOMKilled".equals(last.path("reason").asString(""))
                    || "OOMKilled".equals(container.path("state").path("terminated").path("reason").asString(""))) {
                return Optional.of("OOMKilled (container " + name + memoryLimit(pod, name) + ")");
            }
            if (waitingReason.equals("ImagePullBackOff") || waitingReason.equals("ErrImagePull")
                    || waitingReason.equals("InvalidImageName")) {
                return Optional.of(waitingReason + ": " + container.path("image").asString(image(pod, name)));
            }
            if (waitingReason.equals("CrashLoopBackOff")) {
                String message = last.path("message").asString("").strip();
                String exit = last.has("exitCode") ? "exit code " + last.path("exitCode").asInt() : "";
                return Optional.of("CrashLoopBackOff (" + container.path("restartCount").asInt(0) + " restarts): "
                        + (message.isEmpty() ? exit : message));
            }
            if (waitingReason.equals("CreateContainerConfigError")) {
                return Optional.of(waitingReason + ": " + waiting.path("message").asString(""));
            }
        }
        return Optional.empty();
    }

    /** The scheduler's "0/4 nodes are available: 4 Insufficient nvidia.com/gpu." said as what is missing. */
    private static String unschedulable(String message) {
        Matcher insufficient = INSUFFICIENT.matcher(message);
        return insufficient.find()
                ? "0/" + insufficient.group(1) + " nodes have enough " + insufficient.group(2).replaceAll("[.,]$", "")
                : message;
    }

    private static String memoryLimit(JsonNode pod, String container) {
        String limit = spec(pod, container).path("resources").path("limits").path("memory").asString("");
        return limit.isEmpty() ? ", no memory limit" : ", limit " + limit;
    }

    private static String image(JsonNode pod, String container) {
        return spec(pod, container).path("image").asString("");
    }

    private static JsonNode spec(JsonNode pod, String container) {
        for (JsonNode candidate : pod.path("spec").path("containers")) {
            if (container.equals(candidate.path("name").asString(""))) {
                return candidate;
            }
        }
        return pod.path("spec").path("containers").path(0);
    }

    /** One summary of the pods: the message, and whether it means waiting will not help. */
    record Reason(String message, boolean stuck) {
    }
}
