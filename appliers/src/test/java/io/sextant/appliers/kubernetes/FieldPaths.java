package io.sextant.appliers.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field paths of server-side apply, as the API server writes them in {@code managedFields.fieldsV1}: a map
 * field is {@code f:name}, an item of a list merged by key is {@code k:{"name":"server"}} (the item itself
 * is the element {@code "."} under it), and a list without keys is atomic, one leaf. Which lists have keys
 * follows the Kubernetes built-in types' {@code listType=map} markers (containers, env, volumes by name;
 * container ports by containerPort; Service ports by port); lists of custom resources are atomic unless
 * their CRD says otherwise, and the CRDs Sextant writes are treated as atomic here.
 */
final class FieldPaths {

    static final String ITEM = ".";

    /** Fields that are the object's identity or the server's own, never owned by a manager. */
    private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp");

    private FieldPaths() {
    }

    /** Every owned leaf (and keyed-list item) of an object; top-level kind, apiVersion and status are not owned. */
    static Set<List<String>> of(JsonNode object, boolean builtIn) {
        Set<List<String>> paths = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            if (name.equals("apiVersion") || name.equals("kind") || name.equals("status")) {
                continue;
            }
            if (name.equals("metadata") && field.getValue() instanceof ObjectNode meta) {
                for (Map.Entry<String, JsonNode> m : meta.properties()) {
                    if (!UNOWNED_METADATA.contains(m.getKey())) {
                        walk(m.getKey(), m.getValue(), List.of("f:metadata"), builtIn, paths);
                    }
                }
                continue;
            }
            walk(name, field.getValue(), List.of(), builtIn, paths);
        }
        return paths;
    }

    private static void walk(String name, JsonNode value, List<String> prefix, boolean builtIn, Set<List<String>> into) {
        List<String> here = append(prefix, "f:" + name);
        if (value instanceof ObjectNode object && !object.isEmpty()) {
            object.properties().forEach(e -> walk(e.getKey(), e.getValue(), here, builtIn, into));
        } else if (value instanceof ArrayNode array && builtIn && keyOf(name, array) != null) {
            for (JsonNode item : array) {
                List<String> itemPath = append(here, "k:" + keyJson(keyOf(name, array), item));
                into.add(append(itemPath, ITEM));
                item.properties().forEach(e -> walk(e.getKey(), e.getValue(), itemPath, builtIn, into));
            }
        } else {
            into.add(here);
        }
    }

    /** The key fields of a list merged by key, or null for an atomic list (tolerations, args, command). */
    static List<String> keyOf(String field, ArrayNode items) {
        if (items.isEmpty() || !items.get(0).isObject()) {
            return null;
        }
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" ->
                    List.of("name");
            case "volumeMounts" -> List.of("mountPath");
            case "ports" -> items.get(0).has("containerPort") ? List.of("containerPort") : List.of("port");
            default -> null;
        };
    }

    /** Compact JSON of the key fields, sorted by name, as the API server prints them. */
    private static String keyJson(List<String> keys, JsonNode item) {
        Map<String, JsonNode> key = new TreeMap<>();
        keys.forEach(k -> key.put(k, item.path(k)));
        return JsonMapper.shared().writeValueAsString(key);
    }

    /** The value at a path, or null when absent; for an item element, the list item. */
    static JsonNode valueAt(JsonNode object, List<String> path) {
        JsonNode at = object;
        for (String element : path) {
            if (at == null || element.equals(ITEM)) {
                return at;
            }
            at = element.startsWith("f:") ? at.get(element.substring(2)) : item((ArrayNode) at, element);
        }
        return at;
    }

    /** Removes the field or list item at a path, when present. */
    static void remove(JsonNode object, List<String> path) {
        boolean item = path.get(path.size() - 1).equals(ITEM);
        List<String> target = item ? path.subList(0, path.size() - 1) : path;
        JsonNode parent = valueAt(object, target.subList(0, target.size() - 1));
        String last = target.get(target.size() - 1);
        if (parent instanceof ObjectNode map && last.startsWith("f:")) {
            map.remove(last.substring(2));
        } else if (parent instanceof ArrayNode list && last.startsWith("k:")) {
            JsonNode found = item(list, last);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == found) {
                    list.remove(i);
                    break;
                }
            }
        }
    }

    private static JsonNode item(ArrayNode list, String element) {
        if (list == null || !list.isArray()) {
            return null;
        }
        JsonNode key = JsonMapper.shared().readTree(element.substring(2));
        for (JsonNode item : list) {
            boolean matches = true;
            for (Map.Entry<String, JsonNode> k : key.properties()) {
                matches &= k.getValue().equals(item.get(k.getKey()));
            }
            if (matches) {
                return item;
            }
        }
        return null;
    }

    /** A path as the API server names it in a conflict, such as {@code .spec.template.spec.containers[name="server"].image}. */
    static String describe(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String element : path) {
            if (element.startsWith("f:")) {
                text.append('.').append(element.substring(2));
            } else if (element.startsWith("k:")) {
                List<String> terms = new ArrayList<>();
                JsonMapper.shared().readTree(element.substring(2)).properties()
                        .forEach(e -> terms.add(e.getKey() + "=" + e.getValue()));
                text.append('[').append(String.join(",", terms)).append(']');
            }
        }
        return text.toString();
    }

    /** A set of paths as a {@code fieldsV1} object. */
    static ObjectNode fieldsV1(Set<List<String>> paths) {
        ObjectNode root = JsonMapper.shared().createObjectNode();
        for (List<String> path : paths) {
            ObjectNode at = root;
            for (String element : path) {
                at = at.has(element) ? (ObjectNode) at.get(element) : at.putObject(element);
            }
        }
        return root;
    }

    private static List<String> append(List<String> prefix, String element) {
        List<String> path = new ArrayList<>(prefix);
        path.add(element);
        return List.copyOf(path);
    }
}
