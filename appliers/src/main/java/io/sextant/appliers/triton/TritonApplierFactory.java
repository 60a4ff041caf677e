package io.sextant.appliers.triton;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.http.HttpSettings;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.ManifestStash;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates {@code triton} backends: a Triton Inference Server started with
 * {@code --model-control-mode=explicit}, driven through its HTTP/REST repository extension.
 *
 * <p>Settings: {@code url} (required, Triton's HTTP port, such as {@code http://triton:8000}),
 * {@code timeout} (default 10s), {@code load-timeout} (default 10m: a load returns only once the model
 * is up), {@code max-concurrency} (default 4), and a bearer token from {@code token-env} or
 * {@code token-file}. The models themselves come from Triton's own model repository, by
 * {@code model.servedName}. The manifests applied are kept under the backend's data directory.
 */
public final class TritonApplierFactory implements ApplierFactory {

    public static final String TYPE = "triton";
    static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Set<String>> settingKeys() {
        Set<String> keys = new TreeSet<>(HttpSettings.KEYS);
        keys.add("load-timeout");
        return Optional.of(Set.copyOf(keys));
    }

    @Override
    public Applier create(BackendConfig config) {
        HttpSettings settings = HttpSettings.from(config);
        Duration loadTimeout = HttpSettings.duration(config.settings().get("load-timeout"),
                "backend '" + config.name() + "' (type triton): setting 'load-timeout'", DEFAULT_LOAD_TIMEOUT);
        return new TritonApplier(config.name(), new JsonHttp(config.name(), settings),
                ManifestStash.open(config.dataDir(), config.name()), loadTimeout);
    }
}
