package io.sextant.spec.api;

import java.util.Arrays;
import java.util.Optional;

/** The resource kinds of DESIGN.md section 3, in the order a plan applies them. */
public enum Kind {
    MODEL_DEPLOYMENT("ModelDeployment"),
    LORA_ADAPTER("LoraAdapter"),
    INFERENCE_ROUTE("InferenceRoute");

    /** The only API version this engine serves. */
    public static final String API_VERSION = "sextant.io/v1";

    private final String apiName;

    Kind(String apiName) {
        this.apiName = apiName;
    }

    /** The name used in YAML `kind:` and in the HTTP API. */
    public String apiName() {
        return apiName;
    }

    public static Optional<Kind> fromApiName(String name) {
        return Arrays.stream(values()).filter(k -> k.apiName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return apiName;
    }
}
