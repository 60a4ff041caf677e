package io.sextant.appliers.triton;

import io.sextant.plugin.Health;
import tools.jackson.databind.JsonNode;

/**
 * One model's entry in Triton's repository index ({@code [{"name","version","state","reason"}]}).
 * A model in the repository that was never loaded has no state; an unloaded one is
 * {@code UNAVAILABLE} with reason {@code unloaded}: both count as absent, so the engine loads them.
 *
 * @param name   the model name
 * @param state  {@code READY}, {@code LOADING}, {@code UNLOADING}, {@code UNAVAILABLE}, or empty
 * @param reason Triton's reason for the state (why a load failed), or empty
 */
record TritonModel(String name, String state, String reason) {

    /** The entry of {@code model}, or an absent one; with several versions a READY one wins. */
    static TritonModel find(JsonNode index, String model) {
        TritonModel found = new TritonModel(model, "", "");
        for (JsonNode entry : index) {
            if (model.equals(entry.path("name").asString(""))) {
                TritonModel candidate = new TritonModel(model, entry.path("state").asString(""),
                        entry.path("reason").asString(""));
                if (!found.ready()) {
                    found = candidate;
                }
            }
        }
        return found;
    }

    /** Whether Triton holds the model at all: loading, loaded, or failed to load. */
    boolean loaded() {
        return !state.isEmpty() && !(state.equals("UNAVAILABLE") && reason.equals("unloaded"));
    }

    boolean ready() {
        return state.equals("READY");
    }

    Health health() {
        return switch (state) {
            case "READY" -> Health.HEALTHY;
            case "LOADING", "UNLOADING" -> Health.PROGRESSING;
            case "UNAVAILABLE" -> Health.DEGRADED;
            default -> Health.UNKNOWN;
        };
    }

    String message() {
        return "Triton model '" + name + "' is " + state + (reason.isEmpty() ? "" : ": " + reason);
    }
}
