package io.sextant.appliers.sim;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.BackendConfig;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@code sim} backends: simulated GPU clusters (like KWOK for Kubernetes) that place replicas
 * on a configured GPU inventory without running anything. The embedded default and the scale-test
 * target; never a real backend.
 *
 * <p>Settings: {@code gpus} (required; GPU type to count, such as {@code {H100-80GB: 8}}) and
 * {@code latency} (optional; added to every call, such as {@code 10ms}); the node and disk model offered to
 * kinds as {@link io.sextant.plugin.SimNodes}: {@code gpus-per-node} (8), {@code disk-per-node} ({@code 2Ti})
 * and {@code pull-rate} ({@code 1Gi} a second). State is kept under
 * {@link BackendConfig#dataDir()}, or only in memory when that is null. The returned applier also
 * implements {@link io.sextant.appliers.api.DriftControl} and {@link io.sextant.appliers.api.WriteCounting}.
 */
public final class SimApplierFactory implements ApplierFactory {

    public static final String TYPE = "sim";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Set<String>> settingKeys() {
        return Optional.of(SimSettings.KEYS);
    }

    @Override
    public Applier create(BackendConfig config) {
        return new SimApplier(config.name(), SimSettings.from(config), config.dataDir(),
                SimJournal.DEFAULT_MIN_COMPACT_RECORDS, config.secrets());
    }
}
