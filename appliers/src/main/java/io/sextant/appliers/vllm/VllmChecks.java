package io.sextant.appliers.vllm;

import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.ServingChecks;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.List;

/** What a {@code vllm} backend cannot serve, and how an adapter's URI becomes vLLM's {@code lora_path}. */
final class VllmChecks {

    static final ServingChecks CHECKS = ServingChecks.builder()
            .serves(ModelDeployment.KIND, ModelDeployment.class, (who, deployment) -> deployment(who, deployment.spec()))
            .serves(LoraAdapter.KIND, LoraAdapter.class, VllmChecks::adapter)
            .refuses(InferenceRoute.KIND, "is one vLLM server: it serves each model under its own name and has no "
                    + "weighted aliases; use a kubernetes backend")
            .build();

    private VllmChecks() {
    }

    private static List<Unsupported> adapter(String who, LoraAdapter adapter) {
        if (adapter.spec().credentials() != null) {
            return List.of(new Unsupported("spec.credentials", who + " drives a running vLLM server, which downloads"
                    + " adapters with its own HF_TOKEN (/v1/load_lora_adapter takes no credentials): give the server"
                    + " the token and remove spec.credentials"));
        }
        return loraPath(adapter.spec().uri()) != null ? List.of() : List.of(new Unsupported("spec.uri", who
                + " loads adapters with /v1/load_lora_adapter, which takes a Hugging Face repo (hf://) or a path "
                + "on the server (file://), not '" + adapter.spec().uri() + "'; copy the adapter to the server first"));
    }

    private static List<Unsupported> deployment(String who, ModelDeployment.Spec spec) {
        String engine = spec.runtime() == null ? null : spec.runtime().engine();
        if (!"vllm".equals(engine)) {
            return List.of(new Unsupported("spec.runtime.engine", who + " is an existing vLLM server: it serves only "
                    + "engine 'vllm'"));
        }
        return ServingChecks.noSecretReferences(who, spec);
    }

    /** The {@code lora_path} for an adapter URI, or null when vLLM cannot load from it. */
    static String loraPath(String uri) {
        if (uri == null) {
            return null;
        }
        if (uri.startsWith("hf://") && uri.length() > "hf://".length()) {
            return uri.substring("hf://".length());
        }
        if (uri.startsWith("file://") && uri.length() > "file://".length()) {
            return uri.substring("file://".length());
        }
        return null;
    }

    /** The URI an adapter loaded from {@code root} has, for a live path Sextant did not send. */
    static String uriOf(String root) {
        return root.startsWith("/") ? "file://" + root : "hf://" + root;
    }
}
