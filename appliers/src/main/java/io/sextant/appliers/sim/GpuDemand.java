package io.sextant.appliers.sim;

import tools.jackson.databind.JsonNode;

/**
 * What one ModelDeployment asks of the GPU pools, read from its live manifest. The manifest may have
 * been edited out of band (drift), so nothing in it is trusted: a malformed field becomes a
 * {@code problem} that the health message names, and such a deployment places nothing.
 *
 * @param replicas   replicas wanted: {@code spec.replicas}, else {@code spec.autoscaling.minReplicas}, else 1
 * @param gpuType    {@code spec.resources.gpu.type}, or null when no GPU is requested
 * @param perReplica GPUs per replica, 0 when no GPU is requested
 * @param problem    why the manifest cannot be placed, or null
 */
record GpuDemand(int replicas, String gpuType, int perReplica, String problem) {

    static GpuDemand of(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        JsonNode replicasNode = spec.path("replicas");
        JsonNode minReplicas = spec.path("autoscaling").path("minReplicas");
        int replicas;
        if (present(replicasNode)) {
            replicas = wholeNumber(replicasNode);
            if (replicas < 0) {
                return invalid("spec.replicas must be a whole number >= 0, got " + replicasNode);
            }
        } else if (present(minReplicas)) {
            replicas = wholeNumber(minReplicas);
            if (replicas < 0) {
                return invalid("spec.autoscaling.minReplicas must be a whole number >= 0, got " + minReplicas);
            }
        } else {
            replicas = 1;
        }
        JsonNode gpu = spec.path("resources").path("gpu");
        if (!present(gpu)) {
            return new GpuDemand(replicas, null, 0, null);
        }
        JsonNode countNode = gpu.path("count");
        int count = present(countNode) ? wholeNumber(countNode) : 1;
        if (count < 0) {
            return invalid("spec.resources.gpu.count must be a whole number >= 0, got " + countNode);
        }
        JsonNode type = gpu.path("type");
        if (count > 0 && !(type.isString() && !type.stringValue().isBlank())) {
            return invalid("spec.resources.gpu.type must name a GPU type, got " + (present(type) ? type : "nothing"));
        }
        return new GpuDemand(replicas, count == 0 ? null : type.stringValue(), count, null);
    }

    /** True when the deployment needs GPUs of a type to run. */
    boolean needsGpus() {
        return problem == null && perReplica > 0 && replicas > 0;
    }

    /** Whether the placed replicas of {@code previous} still fit this demand (same GPUs per replica). */
    boolean sameShapeAs(GpuDemand previous) {
        return previous != null && needsGpus() && previous.needsGpus()
                && gpuType.equals(previous.gpuType) && perReplica == previous.perReplica;
    }

    private static GpuDemand invalid(String problem) {
        return new GpuDemand(0, null, 0, problem);
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    /** The node as a non-negative int, or -1 when it is not one. */
    private static int wholeNumber(JsonNode node) {
        // 2.0 is accepted as 2: a JSON round trip or an out-of-band edit may turn an int into a double.
        if (node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToInt() && node.asInt() >= 0) {
            return node.asInt();
        }
        return -1;
    }
}
