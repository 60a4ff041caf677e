package io.sextant.appliers.sim;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.DurationFormat;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of a {@code sim} backend, validated. Values come from Spring binding of a free-form map,
 * so a count may be an Integer, a Long or a String ({@code "8"} from an environment variable).
 *
 * @param gpus               GPUs by type (sorted by type, so messages list them in a stable order)
 * @param latency            added to every call, to make benchmarks feel a real backend's round trip
 * @param gpusPerNode        GPUs of one type per simulated node ({@code gpus-per-node}, default 8, as a DGX)
 * @param diskPerNode        local disk of each node in bytes ({@code disk-per-node}, default 2Ti)
 * @param pullBytesPerSecond how fast a node fills a disk reservation ({@code pull-rate}, default 1Gi a second)
 */
record SimSettings(Map<String, Integer> gpus, Duration latency, int gpusPerNode, long diskPerNode,
                   long pullBytesPerSecond) {

    static final int DEFAULT_GPUS_PER_NODE = 8;
    static final long DEFAULT_DISK_PER_NODE = 2L << 40;
    static final long DEFAULT_PULL_RATE = 1L << 30;

    static final Set<String> KEYS = Set.of("gpus", "latency", "gpus-per-node", "disk-per-node", "pull-rate");

    private static final DurationFormat LATENCY = new DurationFormat("10ms or PT0.01S", DurationFormat.ALL_UNITS);

    SimSettings {
        gpus = Collections.unmodifiableMap(new TreeMap<>(gpus));
    }

    /** @throws IllegalArgumentException naming the backend and the setting that is wrong */
    static SimSettings from(BackendConfig config) {
        String where = "backend '" + config.name() + "' (type sim): setting ";
        Object gpus = config.settings().get("gpus");
        if (!(gpus instanceof Map<?, ?> byType)) {
            throw new IllegalArgumentException(where + "'gpus' must be a map of GPU type to count, such as "
                    + "{H100-80GB: 8, L4-24GB: 8}, got " + (gpus == null ? "nothing" : "'" + gpus + "'"));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<?, ?> entry : byType.entrySet()) {
            String type = String.valueOf(entry.getKey()).trim();
            if (type.isEmpty()) {
                throw new IllegalArgumentException(where + "'gpus' has an empty GPU type");
            }
            counts.put(type, count(entry.getValue(), where + "'gpus." + type + "'"));
        }
        Object perNode = config.settings().get("gpus-per-node");
        int gpusPerNode = perNode == null ? DEFAULT_GPUS_PER_NODE : count(perNode, where + "'gpus-per-node'");
        if (gpusPerNode < 1) {
            throw new IllegalArgumentException(where + "'gpus-per-node' must be at least 1, got '" + perNode + "'");
        }
        Object disk = config.settings().get("disk-per-node");
        Object rate = config.settings().get("pull-rate");
        long pullRate = rate == null ? DEFAULT_PULL_RATE : ByteQuantity.parse(rate, where + "'pull-rate'");
        if (pullRate < 1) {
            throw new IllegalArgumentException(where + "'pull-rate' must be more than 0 bytes a second, got '" + rate + "'");
        }
        return new SimSettings(counts, latency(config.settings().get("latency"), where + "'latency'"), gpusPerNode,
                disk == null ? DEFAULT_DISK_PER_NODE : ByteQuantity.parse(disk, where + "'disk-per-node'"), pullRate);
    }

    private static int count(Object value, String setting) {
        BigInteger number = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof String text && text.trim().matches("-?\\d{1,18}")) {
            number = new BigInteger(text.trim());
        }
        if (number == null || number.signum() < 0 || number.bitLength() > 31) {
            throw new IllegalArgumentException(setting + " must be a whole number of GPUs >= 0, got '" + value + "'");
        }
        return number.intValue();
    }

    /** ISO-8601 ({@code PT0.01S}), {@code 10ms}-style, or a bare number of milliseconds as Spring Boot reads one. */
    static Duration latency(Object value, String setting) {
        Duration latency = value == null ? Duration.ZERO : LATENCY.read(value, setting);
        if (latency.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative, got '" + value + "'");
        }
        return latency;
    }
}
