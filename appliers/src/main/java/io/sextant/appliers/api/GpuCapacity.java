package io.sextant.appliers.api;

import java.util.Map;

/**
 * GPUs of a backend by type. A backend that cannot tell reports {@link #unknown()}, which never blocks a plan.
 */
public record GpuCapacity(boolean known, Map<String, Pool> pools) {

    public GpuCapacity {
        pools = pools == null ? Map.of() : Map.copyOf(pools);
    }

    public static GpuCapacity unknown() {
        return new GpuCapacity(false, Map.of());
    }

    public static GpuCapacity of(Map<String, Pool> pools) {
        return new GpuCapacity(true, pools);
    }

    /** GPUs of one type: how many exist and how many are placed. */
    public record Pool(int total, int used) {
        public int free() {
            return Math.max(0, total - used);
        }
    }
}
