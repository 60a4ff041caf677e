package io.sextant.bench.e2e;

import static io.sextant.bench.e2e.KubeWire.notFound;
import static io.sextant.bench.e2e.KubeWire.status;

import io.sextant.bench.e2e.KubeWire.Answer;
import io.sextant.bench.e2e.KubeWire.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects of {@link KubeStandIn} and what the API server does to them, for the calls the
 * {@code kubernetes} backend makes: server-side apply, get, list by label, delete. Apply follows the
 * API server for an object with one field manager: the object becomes what was applied (fields applied
 * before and not now are released, so removed) plus what the server owns: uid, resourceVersion,
 * generation, creationTimestamp, a Service's cluster IP, and a Deployment's status as if its rollout
 * had completed at once. Every change goes to the watches ({@link KubeWatches}). No defaulting, admission or
 * managedFields (the backend reads none).
 */
final class KubeObjects {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, String> managers = new ConcurrentHashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final AtomicLong clusterIps = new AtomicLong();
    private final KubeWatches watches;

    KubeObjects(KubeWatches watches) {
        this.watches = watches;
    }

    long newestVersion() {
        return resourceVersion.get();
    }

    Answer get(Type type, String namespace, String name) {
        ObjectNode object = objects.get(key(type, namespace, name));
        return object == null ? notFound(type, name) : new Answer(200, JSON.writeValueAsString(object));
    }

    /** Objects of a type in a namespace that match an equality label selector; items carry no kind, as served. */
    Answer list(Type type, String namespace, String labelSelector) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String term : labelSelector.isBlank() ? new String[0] : labelSelector.split(",")) {
            String[] kv = term.split("==?", 2);
            if (kv.length != 2 || kv[0].endsWith("!") || kv[0].contains(" ")) {
                return status(400, "BadRequest", type, "", "unsupported label selector '" + labelSelector
                        + "': the bench stand-in takes key=value terms only");
            }
            selector.put(kv[0].trim(), kv[1].trim());
        }
        ObjectNode list = JSON.createObjectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion.get()));
        ArrayNode items = list.putArray("items");
        String prefix = key(type, namespace, "");
        objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .filter(o -> selector.entrySet().stream().allMatch(s ->
                        s.getValue().equals(o.path("metadata").path("labels").path(s.getKey()).asString(null))))
                .forEach(o -> items.add(o.deepCopy().remove(List.of("kind", "apiVersion"))));
        return new Answer(200, JSON.writeValueAsString(list));
    }

    /** Server-side apply of {@code body} (JSON or YAML) by {@code manager}: 201 when created, else 200. */
    Answer apply(Type type, String namespace, String name, String body, String manager, boolean force) {
        if (manager == null || manager.isEmpty()) {
            return status(422, "Invalid", type, name, "PatchOptions.meta.k8s.io \"\" is invalid: "
                    + "fieldManager: Required value: is required for apply patch");
        }
        if (!(parse(body) instanceof ObjectNode applied) || !applied.path("metadata").isObject()) {
            return status(400, "BadRequest", type, name, "the apply body is not an object with metadata");
        }
        JsonNode metadata = applied.path("metadata");
        if (!type.apiVersion().equals(applied.path("apiVersion").asString("")) || !type.kind().equals(applied.path("kind").asString(""))) {
            return status(400, "BadRequest", type, name, "the body is a " + applied.path("apiVersion").asString("?") + " "
                    + applied.path("kind").asString("?") + ", the URL names " + type.apiVersion() + " " + type.kind());
        }
        if (!name.equals(metadata.path("name").asString(""))) {
            return status(400, "BadRequest", type, name, "the name of the object (" + metadata.path("name").asString("")
                    + ") does not match the name on the URL (" + name + ")");
        }
        if (!namespace.equals(metadata.path("namespace").asString(namespace))) {
            return status(400, "BadRequest", type, name, "the namespace of the provided object does not match the namespace sent on the request");
        }
        // Parsed and checked by the request's own thread; the object's change and its watch event in order under the lock.
        synchronized (this) {
            return applyParsed(type, namespace, name, applied, manager, force);
        }
    }

    private Answer applyParsed(Type type, String namespace, String name, ObjectNode applied, String manager, boolean force) {
        String key = key(type, namespace, name);
        ObjectNode live = objects.get(key);
        String owner = managers.get(key);
        if (live != null && !manager.equals(owner) && !force) {
            return status(409, "Conflict", type, name, "Apply failed with conflicts: the object is managed by \"" + owner
                    + "\" (this stand-in tracks one field manager per object; force=true takes it over)");
        }
        ObjectNode object = applied; // parsed for this request alone
        ObjectNode meta = (ObjectNode) object.get("metadata");
        meta.put("namespace", namespace);
        if (live == null) {
            meta.put("uid", UUID.randomUUID().toString()).put("generation", 1)
                    .put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
            JsonNode was = live.get("metadata");
            boolean specChanged = !Objects.equals(live.get("spec"), object.get("spec"));
            meta.set("uid", was.get("uid"));
            meta.set("creationTimestamp", was.get("creationTimestamp"));
            meta.put("generation", was.path("generation").asLong(1) + (specChanged ? 1 : 0));
        }
        meta.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        serverFields(type, object, live);
        objects.put(key, object);
        managers.put(key, manager);
        // One serialization for the answer and the watch event: the stand-in's CPU is the bench machine's too.
        String json = JSON.writeValueAsString(object);
        watches.changed(type, namespace, live == null ? "ADDED" : "MODIFIED", version(object), json);
        return new Answer(live == null ? 201 : 200, json);
    }

    synchronized Answer delete(Type type, String namespace, String name) {
        String key = key(type, namespace, name);
        ObjectNode removed = objects.remove(key);
        managers.remove(key);
        if (removed == null) {
            return notFound(type, name);
        }
        ObjectNode gone = removed.deepCopy();
        ((ObjectNode) gone.get("metadata")).put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        watches.changed(type, namespace, "DELETED", version(gone), JSON.writeValueAsString(gone));
        return status(200, null, type, name, null);
    }

    /** The objects of a type, in every namespace. */
    List<ObjectNode> all(Type type) {
        String prefix = type.apiVersion() + "/" + type.plural() + "/";
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    private void serverFields(Type type, ObjectNode object, ObjectNode live) {
        ObjectNode spec = object.has("spec") && object.get("spec").isObject() ? (ObjectNode) object.get("spec")
                : object.putObject("spec");
        if (type.kind().equals("Service")) {
            String ip = live != null ? live.path("spec").path("clusterIP").asString()
                    : "10.96." + (clusterIps.get() / 250) + "." + (clusterIps.getAndIncrement() % 250 + 2);
            spec.put("clusterIP", ip).putArray("clusterIPs").add(ip);
            if (!spec.has("type")) {
                spec.put("type", "ClusterIP");
            }
            object.putObject("status").putObject("loadBalancer");
        } else if (type.kind().equals("Deployment")) {
            // What the Deployment controller reports once every replica is updated and available.
            int replicas = spec.path("replicas").asInt(1);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            ObjectNode status = object.putObject("status")
                    .put("observedGeneration", object.path("metadata").path("generation").asLong())
                    .put("replicas", replicas).put("updatedReplicas", replicas).put("readyReplicas", replicas)
                    .put("availableReplicas", replicas);
            ArrayNode conditions = status.putArray("conditions");
            conditions.addObject().put("type", "Available").put("status", "True").put("reason", "MinimumReplicasAvailable")
                    .put("message", "Deployment has minimum availability.").put("lastUpdateTime", now).put("lastTransitionTime", now);
            conditions.addObject().put("type", "Progressing").put("status", "True").put("reason", "NewReplicaSetAvailable")
                    .put("message", "ReplicaSet has successfully progressed.").put("lastUpdateTime", now).put("lastTransitionTime", now);
        }
    }

    /** fabric8 sends apply bodies as JSON; YAML is what the content type allows, so read that too. */
    private static JsonNode parse(String body) {
        try {
            return body.stripLeading().startsWith("{") ? JSON.readTree(body)
                    : JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(body));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long version(ObjectNode object) {
        return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
    }

    private static String key(Type type, String namespace, String name) {
        return type.apiVersion() + "/" + type.plural() + "/" + namespace + "/" + name;
    }
}
