package io.sextant.appliers.http;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.spec.api.LoadResult;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired resources loaded from YAML by the real spec loader, as the engine hands them to appliers. */
public final class TestSpecs {

    private static final SpecLoader LOADER = new SpecLoader();

    private TestSpecs() {
    }

    /** The one resource of a YAML document, with its normalised manifest. */
    public static DesiredResource desired(String yaml) {
        LoadResult result = LOADER.load("models/test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new IllegalArgumentException("test spec does not load: " + result.errors());
        }
        SpecDocument document = result.documents().get(0);
        return new DesiredResource(document.resource(), document.manifest(), "rev1");
    }

    /** What the engine's drift detector reports between desired and observed; empty when in sync. */
    public static List<FieldChange> diff(String backendType, DesiredResource desired, ObservedResource observed) {
        return DriftDetector.withDefaults().diff(backendType, desired.key(), desired.manifest(),
                observed == null ? null : observed.manifest());
    }

    /** A backend configuration as {@code sextant.backends[]} binds it; {@code extra} is key, value, key, value. */
    public static BackendConfig backend(String name, String type, String url, Path dataDir, Object... extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        // Generous: the build machine may be busy, and only the timeout tests want a timeout to fire.
        settings.put("timeout", "30s");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put((String) extra[i], extra[i + 1]);
        }
        return new BackendConfig(name, type, settings, dataDir);
    }
}
