package io.sextant.engine.source;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import java.util.Map;

/**
 * When the engine runs the embedded sample fleet instead of the user's sources (DESIGN.md section 4): with no
 * configuration at all, or when asked to with {@code sextant.sample.enabled}. Keys such as
 * {@code sextant.data-dir} or {@code server.port} do not count as configuration here: they say where and
 * how the engine runs, not what it deploys where.
 *
 * <p>A configuration with backends but no source is refused rather than given the sample: the sources were
 * lost (misspelt, mis-indented, or in a file Spring Boot did not read), and the sample's resources would
 * be deployed onto the user's backends and stay there holding GPUs.
 */
final class SampleFleet {

    /** What the log, the dashboard and the overview say while the sample fleet runs by default. */
    static final String DEFAULT_NOTICE = "Running the embedded sample fleet (no sextant configuration given)";

    /** The same, when it was asked for. */
    static final String ENABLED_NOTICE = "Running the embedded sample fleet (sextant.sample.enabled is set)";

    private SampleFleet() {
    }

    /**
     * The notice to show when the sample fleet runs, or null when the configured sources run.
     *
     * @throws ConfigurationException when the configuration names backends but no source, asks for the sample
     *                                beside its own sources, or asks for it on a backend that is not simulated
     */
    static String notice(SextantProperties properties) {
        boolean sources = !properties.sources().isEmpty();
        boolean backends = !properties.backends().isEmpty();
        if (properties.sample().enabled()) {
            if (sources) {
                throw new ConfigurationException("sextant.sample.enabled", "runs the sample repository instead of"
                        + " sextant.sources, and both are set", "Remove one of them.");
            }
            onlySimulated(properties);
            return ENABLED_NOTICE;
        }
        if (sources) {
            return null;
        }
        if (backends) {
            Map<String, Object> first = properties.backends().get(0);
            throw new ConfigurationException("sextant.sources", "is not set, while sextant.backends configures a "
                    + first.get("type") + " backend (" + first.get("name") + "); the embedded sample fleet runs only"
                    + " when neither is set", "Add your Git repository under sextant.sources (check the key is"
                    + " 'sources', under 'sextant:'), or set sextant.sample.enabled: true to run the sample fleet on"
                    + " these backends (sim backends only).");
        }
        return DEFAULT_NOTICE;
    }

    private static void onlySimulated(SextantProperties properties) {
        properties.backends().stream().filter(b -> !"sim".equals(String.valueOf(b.get("type")))).findFirst()
                .ifPresent(b -> {
                    throw new ConfigurationException("sextant.sample.enabled", "the sample fleet runs only on sim"
                            + " backends, and sextant.backends configures a " + b.get("type") + " backend ("
                            + b.get("name") + ")", "Remove the non-sim backends, or configure your own"
                            + " sextant.sources instead of the sample.");
                });
    }
}
