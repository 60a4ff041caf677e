package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A resource a plan leaves as it is live because of spec errors: its file fails to load (the engine keeps
 * the file's last good documents), its spec is invalid, or it refers to what a file that fails to load
 * may define. Plans show it beside their steps, so a broken file reads as "kept", never as a deletion.
 *
 * @param key             the resource
 * @param backend         the backend it lives on, or null when not known
 * @param causes          the errors that keep it, each at its own file and line
 * @param appliedRevision the commit whose spec for it is live, or null when none was applied
 */
public record KeptResource(ResourceKey key, String backend, List<SpecError> causes, String appliedRevision) {

    public KeptResource {
        Objects.requireNonNull(key, "key");
        causes = List.copyOf(causes);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("a kept resource is kept for a reason: " + key);
        }
    }

    /** {@code file:line: field: message; ... (live state keeps commit abc1234)}, as its status says too. */
    public String reason() {
        String errors = causes.stream().map(SpecError::toString).collect(Collectors.joining("; "));
        return appliedRevision == null ? errors
                : errors + " (live state keeps commit " + appliedRevision.substring(0, Math.min(7, appliedRevision.length())) + ")";
    }
}
