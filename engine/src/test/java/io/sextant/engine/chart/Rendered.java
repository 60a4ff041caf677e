package io.sextant.engine.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The objects one {@code helm template} rendered, with lookups for what the tests look at. */
record Rendered(List<HasMetadata> objects) {

    Rendered {
        objects = List.copyOf(objects);
    }

    /** Each kind rendered, with how many objects of it. */
    Map<String, Long> kinds() {
        return objects.stream().collect(Collectors.groupingBy(HasMetadata::getKind, java.util.TreeMap::new,
                Collectors.counting()));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + kinds());
        }
        return found.get(0);
    }

    /** An object of a kind fabric8 has no class for (such as a ServiceMonitor), if rendered. */
    Optional<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).findFirst();
    }

    /** The engine's container in the Deployment. */
    Container engine() {
        return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("sextant")).findFirst()
                .orElseThrow(() -> new AssertionError("no container named sextant"));
    }

    Map<String, EnvVar> env() {
        return engine().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    Map<String, Volume> volumes() {
        return one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, Function.identity()));
    }

    /** The engine configuration the ConfigMap carries. */
    String applicationYaml() {
        ConfigMap config = one(ConfigMap.class);
        String yaml = config.getData().get("application.yaml");
        if (yaml == null) {
            throw new AssertionError("ConfigMap " + config.getMetadata().getName() + " has no application.yaml");
        }
        return yaml;
    }
}
