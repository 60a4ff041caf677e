package io.sextant.appliers.rayserve;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.http.HttpSettings;
import io.sextant.appliers.http.JsonHttp;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@code ray-serve} backends: a Ray cluster's Serve applications, driven through the
 * dashboard's REST API ({@code PUT/GET /api/serve/applications/}, port 8265 by default).
 *
 * <p>Settings: {@code url} (required, the dashboard, such as {@code http://ray-head:8265}),
 * {@code timeout} (default 10s), {@code max-concurrency} (default 4), and a bearer token from
 * {@code token-env} or {@code token-file} when the dashboard sits behind an authenticating proxy.
 * Everything the applier needs lives in Ray's own config, so it keeps no state of its own.
 */
public final class RayServeApplierFactory implements ApplierFactory {

    public static final String TYPE = "ray-serve";

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
        return new RayServeApplier(config.name(), new JsonHttp(config.name(), HttpSettings.from(config)), config.secrets());
    }
}
