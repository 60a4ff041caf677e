package io.sextant.engine.config;

import io.sextant.appliers.api.ApplierFactory;
import io.sextant.appliers.api.Appliers;
import io.sextant.spec.api.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The type-specific keys of {@code sextant.backends[N]}, checked against the keys its applier type declares
 * ({@link ApplierFactory#settingKeys()}): the engine's settings records leave these free-form, and an applier
 * reads only the keys it knows, so {@code urll} or {@code gpus} on a {@code triton} backend would otherwise be
 * ignored without a word. A type that declares no keys, or a type no applier serves (refused later, naming
 * the known types), is not checked here.
 */
public final class BackendKeys {

    private static final ConfigurationPropertyName BACKENDS = ConfigurationPropertyName.of("sextant.backends");
    private static final Set<String> COMMON = Set.of("name", "type");

    private final Map<String, ApplierFactory> factories = Appliers.discover();

    /**
     * The first backend key of {@code backends} (the {@code sextant.backends} list of a configuration file as
     * YAML reads it) that its type does not read, as {@code key: problem}; null when there is none. For
     * {@code validate --config}, which reads the file without Spring Boot.
     */
    public static String firstProblem(Object backends) {
        if (!(backends instanceof List<?> list)) {
            return null;
        }
        BackendKeys keys = new BackendKeys();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> entry && entry.get("type") != null) {
                String backend = "sextant.backends[" + i + "]";
                for (Object key : entry.keySet()) {
                    Optional<String> problem = keys.problem(backend, String.valueOf(entry.get("type")), String.valueOf(key));
                    if (problem.isPresent()) {
                        return backend + "." + key + ": " + problem.get();
                    }
                }
            }
        }
        return null;
    }

    /**
     * The setting a problem is reported on: the backend's own key ({@code sextant.backends[0].gpus}), not a
     * key inside its value ({@code ...gpus.l4-24gb}, which Spring Boot also lower-cases).
     */
    static ConfigurationPropertyName setting(ConfigurationPropertyName name) {
        return name.getNumberOfElements() > 4 ? name.chop(4) : name;
    }

    /**
     * Why {@code name} is not a setting of its backend's type, with the closest one; empty when it is one, or
     * when {@code name} is not a backend's own key.
     *
     * @param typeOf the configured {@code type} of a backend, by its key ({@code sextant.backends[0].type})
     */
    Optional<String> problem(ConfigurationPropertyName name, Function<String, String> typeOf) {
        if (name.getNumberOfElements() < 4 || !BACKENDS.isAncestorOf(name) || !name.isNumericIndex(2)) {
            return Optional.empty();
        }
        String backend = name.chop(3).toString();
        String type = typeOf.apply(backend + ".type");
        return type == null ? Optional.empty() : problem(backend, type.strip(), name.getElement(3, Form.ORIGINAL));
    }

    private Optional<String> problem(String backend, String type, String key) {
        ApplierFactory factory = factories.get(type);
        if (COMMON.contains(key) || factory == null || factory.settingKeys().isEmpty()) {
            return Optional.empty();
        }
        Set<String> known = new TreeSet<>(factory.settingKeys().get());
        if (known.contains(key)) {
            return Optional.empty();
        }
        return Optional.of(known.stream().filter(k -> Suggestions.close(key, k) || extended(key, k)).findFirst()
                .map(k -> "unknown setting for a " + type + " backend; did you mean " + backend + "." + k + "?")
                .orElse("unknown setting for a " + type + " backend; it has name, type, " + String.join(", ", known)));
    }

    /**
     * {@code urll} for {@code url}: {@link Suggestions} does not match names of three letters or fewer (too
     * many are close to each other), but a short setting with a letter or two added is still the one meant.
     */
    private static boolean extended(String typed, String known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        return lower.length() > known.length() && lower.length() <= known.length() + 2 && lower.startsWith(known);
    }
}
