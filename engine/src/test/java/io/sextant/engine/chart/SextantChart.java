package io.sextant.engine.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the real Helm (helm-java's bundled native library) on {@code charts/sextant} and parses what
 * it renders with the fabric8 Kubernetes model.
 */
final class SextantChart {

    /** Surefire runs in the engine module, so the chart is one directory up. */
    static final Path DIR = Path.of("..", "charts", "sextant").toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");
    static final String RELEASE = "sextant";
    static final String NAMESPACE = "ai-platform";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private SextantChart() {}

    /** {@code helm template} with these values files and {@code --set}s, parsed object by object. */
    static Rendered render(Map<String, Object> sets, Path... valuesFiles) {
        return new Rendered(parse(template(sets, valuesFiles)));
    }

    /** {@code helm template} output as text. */
    static String template(Map<String, Object> sets, Path... valuesFiles) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** The NOTES.txt Helm prints after installing with this values file (a client-only dry run). */
    static String notes(Path valuesFile) {
        String output = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly().dryRun()
                .withValuesFile(valuesFile).call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("helm printed no NOTES:\n" + output);
        }
        return output.substring(notes);
    }

    /** {@code helm lint --strict} of a chart directory. */
    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /**
     * A copy of the chart whose values.yaml is the defaults merged with {@code overlay} the way Helm
     * merges values files (maps deeply, anything else replaced), because {@code helm lint} takes no
     * values file.
     */
    @SuppressWarnings("unchecked")
    static Path copyWithValues(Path overlay, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Yaml yaml = new Yaml();
        Map<String, Object> defaults = yaml.load(Files.readString(DIR.resolve("values.yaml")));
        Map<String, Object> merged = merge(defaults, yaml.load(Files.readString(overlay)));
        Files.writeString(target.resolve("values.yaml"), yaml.dump(merged));
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object current = out.get(key);
            out.put(key, current instanceof Map && value instanceof Map
                    ? merge((Map<String, Object>) current, (Map<String, Object>) value) : value);
        });
        return out;
    }

    /** Each YAML document of Helm's output as a fabric8 object (typed when fabric8 knows the kind). */
    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            KubernetesResource parsed = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            if (!(parsed instanceof HasMetadata)) {
                throw new AssertionError("not a Kubernetes object: " + parsed + "\n" + document);
            }
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }
}
