package io.sextant.appliers.api;

import io.sextant.plugin.ObservedResource;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model revision a backend serves, as it reports it, written into an observed manifest at
 * {@link ObservedResource#MODEL_REVISION}, where drift detection never looks.
 *
 * <p>Reporting it there, not over {@code spec.model.revision}, keeps a short pin ({@code 0e9e39f}) in sync
 * with the full id the backend resolved it to. A backend that serves a different commit than Git pins is
 * still a drift: then the spec field is overwritten too, so the diff names it.
 */
public final class DeployedRevision {

    /** Where a ModelDeployment pins its revision. */
    public static final String SPEC_REVISION = "/spec/model/revision";

    /** A Hugging Face cache path: {@code .../models--org--name/snapshots/<40-hex commit>[/...]}. */
    private static final Pattern SNAPSHOT = Pattern.compile("(?:^|/)snapshots/([0-9a-f]{40})(?:/|$)");
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,64}");

    private DeployedRevision() {
    }

    /** The commit id of a Hugging Face snapshot a server loaded its model from, as vLLM's {@code root} shows it. */
    public static Optional<String> ofSnapshotPath(String path) {
        Matcher matcher = SNAPSHOT.matcher(path == null ? "" : path);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The revision of a KServe storage URI for Hugging Face, {@code hf://org/model:<revision>}. */
    public static Optional<String> ofStorageUri(String uri) {
        if (uri == null || !uri.startsWith("hf://")) {
            return Optional.empty();
        }
        String model = uri.substring(uri.lastIndexOf('/') + 1);
        int colon = model.indexOf(':');
        return colon < 0 || colon == model.length() - 1 ? Optional.empty() : Optional.of(model.substring(colon + 1));
    }

    /** A value a backend reports as a revision, when it names one: a non-empty string. */
    public static Optional<String> of(JsonNode reported) {
        return reported != null && reported.isString() && !reported.asString().isBlank()
                ? Optional.of(reported.asString().strip()) : Optional.empty();
    }

    /**
     * Records {@code revision} as what the backend serves, and as a change of {@link #SPEC_REVISION} when it
     * contradicts the pin: a commit that does not start with the pinned (possibly short) commit id, or any
     * other name than the one pinned. A pin that is a name ({@code main}) against a commit cannot be judged.
     * A revision equal to the pin adds nothing and is left out.
     */
    public static void report(ObjectNode observed, String revision) {
        String pin = observed.at(SPEC_REVISION).asString("");
        if (revision.equals(pin)) {
            return; // the backend echoes the pin: nothing to add, and an untouched object round-trips exactly
        }
        observed.withObject("/status").put(ObservedResource.MODEL_REVISION.substring("/status/".length()), revision);
        String pinned = observed.at(SPEC_REVISION).asString("");
        if (pinned.isEmpty() || !contradicts(pinned, revision)) {
            return;
        }
        observed.withObject("/spec/model").put("revision", revision);
    }

    static boolean contradicts(String pinned, String reported) {
        String pin = pinned.toLowerCase(Locale.ROOT);
        String live = reported.toLowerCase(Locale.ROOT);
        if (HEX.matcher(pin).matches() && FULL_ID.matcher(live).matches()) {
            return !live.startsWith(pin);
        }
        if (FULL_ID.matcher(live).matches()) {
            return false; // a branch or tag resolved to a commit: nothing to compare it with
        }
        return !pinned.equals(reported);
    }
}
