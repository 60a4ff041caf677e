package io.sextant.plugin;

import java.util.Objects;

/**
 * GPUs a resource may hold at most, counted against its namespace's quota.
 *
 * @param type   the GPU type, such as {@code H100-80GB}
 * @param count  how many at most (replicas, or the autoscaler's maximum, times GPUs per replica)
 * @param field  the field an over-quota error points at, such as {@code spec.resources.gpu.count}
 * @param detail how the count comes about, for that error, such as {@code 2 replicas x 4}
 */
public record GpuClaim(String type, long count, String field, String detail) {

    public GpuClaim {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }
}
