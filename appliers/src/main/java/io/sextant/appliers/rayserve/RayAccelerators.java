package io.sextant.appliers.rayserve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sextant GPU types ({@code spec.resources.gpu.type}) and the accelerator names Ray schedules on
 * ({@code accelerator_type} of an LLM config or of {@code ray_actor_options}). The one place this table
 * lives. Ray's names are the constants of {@code ray.util.accelerators}; Ray rejects any other name, so a
 * GPU type with no entry here is a validation error rather than a deploy that fails on the cluster.
 *
 * <p>A100 memory sizes map to Ray's {@code A100-40G}/{@code A100-80G}, which Ray does not add to nodes by
 * itself: the cluster must label its nodes with them (as Ray's docs say). Other types carry no memory size in
 * Ray's names ({@code V100-16GB} and {@code V100-32GB} are both {@code V100}). A type already spelled as Ray
 * spells it ({@code H100}) is taken as is.
 */
final class RayAccelerators {

    private static final Map<String, String> RAY_NAMES = table();
    /** Ray's NVIDIA, AMD and Intel names (ray/util/accelerators/accelerators.py), accepted as GPU types too. */
    private static final Set<String> RAY_OWN = Set.of("V100", "P100", "T4", "P4", "K80", "A10G", "L4", "L40S", "A100",
            "A100-40G", "A100-80G", "H100", "H200", "H20", "B200", "AMD-Instinct-MI300X-OAM", "AMD-Instinct-MI325X-OAM",
            "AMD-Instinct-MI250X", "AMD-Instinct-MI210", "Intel-GPU-Max-1550", "Intel-GPU-Max-1100", "Intel-GAUDI");

    private RayAccelerators() {
    }

    private static Map<String, String> table() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("H100-80GB", "H100");
        names.put("H100-94GB", "H100");
        names.put("H200-141GB", "H200");
        names.put("H20-96GB", "H20");
        names.put("B200-192GB", "B200");
        names.put("A100-40GB", "A100-40G");
        names.put("A100-80GB", "A100-80G");
        names.put("L40S-48GB", "L40S");
        names.put("L4-24GB", "L4");
        names.put("A10G-24GB", "A10G");
        names.put("T4-16GB", "T4");
        names.put("V100-16GB", "V100");
        names.put("V100-32GB", "V100");
        names.put("P100-16GB", "P100");
        names.put("MI300X-192GB", "AMD-Instinct-MI300X-OAM");
        names.put("MI325X-256GB", "AMD-Instinct-MI325X-OAM");
        return names;
    }

    /** Ray's name for a Sextant GPU type, or empty when Ray has none. */
    static Optional<String> rayName(String gpuType) {
        if (gpuType == null) {
            return Optional.empty();
        }
        String name = RAY_NAMES.get(gpuType);
        return name != null ? Optional.of(name) : RAY_OWN.contains(gpuType) ? Optional.of(gpuType) : Optional.empty();
    }

    /**
     * The GPU type a live {@code accelerator_type} stands for: {@code applied} when Ray's name is its name,
     * else the first Sextant type with that Ray name, else Ray's name itself.
     */
    static String gpuType(String rayName, String applied) {
        if (rayName(applied).filter(rayName::equals).isPresent()) {
            return applied;
        }
        return RAY_NAMES.entrySet().stream().filter(e -> e.getValue().equals(rayName)).map(Map.Entry::getKey)
                .findFirst().orElse(rayName);
    }

    /** The GPU types with a Ray name, for error messages. */
    static String known() {
        return String.join(", ", new TreeSet<>(RAY_NAMES.keySet()));
    }
}
