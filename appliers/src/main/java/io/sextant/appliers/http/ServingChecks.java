package io.sextant.appliers.http;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Unsupported;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an HTTP backend can serve, kind by kind: the kinds it serves, each with a check of its spec, and
 * the kinds it refuses with a reason worth more than "not served" (what to use instead). Any other kind
 * is refused with one problem on {@code kind}. Every message starts with the backend that refuses
 * ({@code backend 'ray-prod' (ray-serve)}), so a validation error names it.
 */
public final class ServingChecks {

    /** Checks one resource of a kind; {@code who} names the backend, to start each message with. */
    @FunctionalInterface
    public interface Check<T> {
        List<Unsupported> check(String who, T resource);
    }

    private record Served<R extends Resource>(Class<R> type, Check<R> check) {
        List<Unsupported> apply(String who, Resource resource) {
            return check.check(who, type.cast(resource));
        }
    }

    private final Map<Kind, Served<?>> served;
    private final Map<Kind, String> refused;

    private ServingChecks(Map<Kind, Served<?>> served, Map<Kind, String> refused) {
        this.served = Map.copyOf(served);
        this.refused = Map.copyOf(refused);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The kinds served. */
    public Set<Kind> kinds() {
        return served.keySet();
    }

    /** What keeps backend {@code backend} of type {@code type} from serving {@code resource}; empty when it can. */
    public List<Unsupported> check(String backend, String type, Resource resource) {
        String who = "backend '" + backend + "' (" + type + ")";
        Served<?> check = served.get(resource.kind());
        if (check != null) {
            return check.apply(who, resource);
        }
        String why = refused.get(resource.kind());
        if (why != null) {
            return List.of(new Unsupported("kind", who + " " + why));
        }
        return List.of(new Unsupported("kind", who + " does not serve " + resource.kind() + " (it serves "
                + served.keySet().stream().map(Kind::name).sorted().collect(Collectors.joining(", ")) + ")"));
    }

    /** Collects the kinds a backend serves and refuses. */
    public static final class Builder {

        private final Map<Kind, Served<?>> served = new LinkedHashMap<>();
        private final Map<Kind, String> refused = new LinkedHashMap<>();

        private Builder() {}

        /** Serves {@code kind}, whose resources are {@code type}, when {@code check} finds nothing wrong. */
        public <R extends Resource> Builder serves(Kind kind, Class<R> type, Check<R> check) {
            served.put(kind, new Served<>(type, check));
            return this;
        }

        /** Refuses every resource of {@code kind}, saying {@code why} after the backend's name. */
        public Builder refuses(Kind kind, String why) {
            refused.put(kind, why);
            return this;
        }

        public ServingChecks build() {
            Set<Kind> both = new LinkedHashSet<>(served.keySet());
            both.retainAll(refused.keySet());
            if (!both.isEmpty()) {
                throw new IllegalStateException("kinds both served and refused: " + both);
            }
            return new ServingChecks(served, refused);
        }
    }

    /**
     * A backend that drives a server already running cannot hand it credentials: the server reads its own
     * environment. A secret reference there would be silently unused, so it is refused at its field.
     */
    public static List<Unsupported> noSecretReferences(String who, io.sextant.spec.kinds.ModelDeployment.Spec spec) {
        String why = " drives a running server, which reads credentials from its own environment: give the server"
                + " the secret and remove the reference";
        if (spec.model() != null && spec.model().credentials() != null) {
            return List.of(new Unsupported("spec.model.credentials", who + why));
        }
        if (spec.runtime() != null && !spec.runtime().secretEnv().isEmpty()) {
            String name = new java.util.TreeSet<>(spec.runtime().secretEnv().keySet()).first();
            return List.of(new Unsupported("spec.runtime.env." + name, who + why));
        }
        return List.of();
    }
}
