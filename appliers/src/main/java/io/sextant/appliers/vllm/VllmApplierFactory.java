package io.sextant.appliers.vllm;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.http.HttpSettings;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.ManifestStash;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@code vllm} backends: an existing vLLM OpenAI-compatible server (started elsewhere with
 * {@code vllm serve}). Sextant verifies the models it serves and manages its LoRA adapters.
 *
 * <p>Settings: {@code url} (required, such as {@code http://vllm:8000}), {@code timeout} (default 10s),
 * {@code max-concurrency} (default 4), and a bearer token from {@code token-env} or {@code token-file}
 * (the server's {@code --api-key}). The manifests applied are kept under the backend's data directory.
 */
public final class VllmApplierFactory implements ApplierFactory {

    public static final String TYPE = "vllm";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Set<String>> settingKeys() {
        return Optional.of(HttpSettings.KEYS);
    }

    @Override
    public Applier create(BackendConfig config) {
        return new VllmApplier(config.name(), new JsonHttp(config.name(), HttpSettings.from(config)),
                ManifestStash.open(config.dataDir(), config.name()));
    }
}
