package io.sextant.engine.config;

import io.sextant.spec.api.Suggestions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The settings the engine reads under {@code sextant.*}, taken from its {@code @ConfigurationProperties}
 * records, so that a key no record binds (a typo, a setting of another version, {@code source:} for
 * {@code sources:}) is refused at start-up instead of silently ignored. Maps of {@code Object} (each
 * backend's type-specific settings) are free-form here: {@link BackendKeys} checks them against the keys
 * the backend's applier type declares.
 */
public final class KnownKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("sextant");

    /**
     * The records bound under {@code sextant}; the package-private ones are named, as their packages keep
     * them to themselves.
     */
    private static final Map<String, String> NESTED_RECORDS = Map.of(
            "analysis", "io.sextant.engine.analysis.AnalysisProperties",
            "auth", "io.sextant.engine.security.AuthProperties",
            "dashboard", "io.sextant.engine.dashboard.DashboardProperties",
            "webhooks", "io.sextant.engine.webhook.WebhooksProperties",
            "notifications", "io.sextant.engine.notify.NotificationProperties",
            "rollout", "io.sextant.engine.rollout.RolloutProperties");

    /** Records bound at {@code sextant} itself by other packages, whose settings join the root's. */
    private static final List<String> ROOT_RECORDS = List.of("io.sextant.engine.windows.WindowsProperties");

    private static final Node SCHEMA = schema();

    private KnownKeys() {
    }

    /** Whether {@code name} lies under {@code sextant}. */
    public static boolean isSextantKey(ConfigurationPropertyName name) {
        return ROOT.isAncestorOf(name);
    }

    /**
     * Why {@code name} (under {@code sextant}) is not a setting the engine reads, with the closest known
     * setting when there is one; empty when the engine reads it.
     */
    public static Optional<String> problem(ConfigurationPropertyName name) {
        Node node = SCHEMA;
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, Form.UNIFORM);
            if (node instanceof Free) {
                return Optional.empty();
            } else if (node instanceof Leaf) {
                return Optional.of("unknown setting: " + prefix(name, i) + " is a value, not a group of settings");
            } else if (node instanceof ListOf list) {
                if (!name.isNumericIndex(i)) {
                    return Optional.of("unknown setting: " + prefix(name, i) + " is a list; write its entries"
                            + " as a YAML list (- ...) or with an index ([0])");
                }
                node = list.element();
            } else if (node instanceof MapOf map) {
                node = map.value();
            } else if (node instanceof Group group) {
                Node child = group.children().get(element);
                if (child == null) {
                    return Optional.of(unknown(name, i, group));
                }
                node = child;
            }
        }
        return Optional.empty();
    }

    private static String unknown(ConfigurationPropertyName name, int i, Group group) {
        String typed = name.getElement(i, Form.ORIGINAL);
        String where = i == 1 ? "sextant" : prefix(name, i);
        return group.names().stream().filter(known -> Suggestions.close(typed, known)).findFirst()
                .map(known -> "unknown setting; did you mean " + where + "." + known + "?")
                .orElse("unknown setting; " + where + " has " + String.join(", ", group.names()));
    }

    private static String prefix(ConfigurationPropertyName name, int elements) {
        return name.chop(elements).toString();
    }

    private sealed interface Node permits Group, ListOf, MapOf, Leaf, Free {}

    /** A record: its settings by uniform name (lower case, no dashes), and their dashed names in order. */
    private record Group(Map<String, Node> children, List<String> names) implements Node {}

    private record ListOf(Node element) implements Node {}

    private record MapOf(Node value) implements Node {}

    private record Leaf() implements Node {}

    private record Free() implements Node {}

    private static Node schema() {
        Group root = (Group) node(SextantProperties.class);
        Map<String, Node> children = new LinkedHashMap<>(root.children());
        List<String> names = new java.util.ArrayList<>(root.names());
        for (String type : ROOT_RECORDS) {
            try {
                Group group = (Group) node(Class.forName(type));
                children.putAll(group.children());
                names.addAll(group.names());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("settings record " + type + " is missing", e);
            }
        }
        NESTED_RECORDS.forEach((key, type) -> {
            try {
                children.put(key, node(Class.forName(type)));
                names.add(key);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("settings record " + type + " is missing", e);
            }
        });
        return new Group(children, List.copyOf(names));
    }

    private static Node node(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return new ListOf(node(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return args[1] == Object.class ? new Free() : new MapOf(node(args[1]));
            }
            return new Leaf();
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            Map<String, Node> children = new LinkedHashMap<>();
            List<String> names = new java.util.ArrayList<>();
            for (RecordComponent component : c.getRecordComponents()) {
                String dashed = dashed(component.getName());
                children.put(dashed.replace("-", ""), node(component.getGenericType()));
                names.add(dashed);
            }
            return new Group(children, List.copyOf(names));
        }
        return new Leaf();
    }

    private static String dashed(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
