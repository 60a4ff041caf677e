package io.sextant.appliers.vllm;

import io.sextant.plugin.BackendException;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.Reply;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads and unloads LoRA adapters on a vLLM server, idempotently. vLLM answers 400 to loading a
 * name it already has, so the adapter list is read first and a load happens only when the adapter is
 * missing or was loaded from another path (then it is unloaded first). A 400 "already been loaded"
 * that still happens (another writer got there between read and load) counts as success once the
 * adapter is seen listed. The endpoints exist only when the server runs with
 * {@code VLLM_ALLOW_RUNTIME_LORA_UPDATING=True} and {@code --enable-lora}.
 */
final class VllmAdapters {

    private static final String LOAD = "/v1/load_lora_adapter";
    private static final String UNLOAD = "/v1/unload_lora_adapter";

    private final String backend;
    private final JsonHttp http;

    VllmAdapters(String backend, JsonHttp http) {
        this.backend = backend;
        this.http = http;
    }

    /** Makes the server hold adapter {@code name} loaded from {@code path}. */
    synchronized void ensureLoaded(String name, String path) throws BackendException {
        Optional<VllmModels.Card> current = VllmModels.of(http.get("/v1/models").json()).adapter(name);
        if (current.isPresent() && current.get().root().equals(path)) {
            return;
        }
        if (current.isPresent()) {
            unload(name);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("lora_name", name).put("lora_path", path);
        Reply reply = http.exchange("POST", LOAD, body);
        if (reply.ok()) {
            return;
        }
        if (reply.status() == 400 && reply.errorText().contains("already been loaded")
                && VllmModels.of(http.get("/v1/models").json()).adapter(name).isPresent()) {
            return;
        }
        throw withHint(http.failure("POST", LOAD, reply), reply);
    }

    /** Unloads adapter {@code name}; one the server no longer has is not an error. */
    synchronized void unload(String name) throws BackendException {
        Reply reply = http.exchange("POST", UNLOAD, JsonNodeFactory.instance.objectNode().put("lora_name", name));
        if (reply.ok() || (reply.status() == 404 && reply.errorText().contains("cannot be found"))) {
            return;
        }
        throw withHint(http.failure("POST", UNLOAD, reply), reply);
    }

    /** A 404 from the router itself means runtime LoRA updating is off, which only the server's owner can change. */
    private BackendException withHint(BackendException failure, Reply reply) {
        if (reply.status() != 404 || !reply.errorText().equals("Not Found")) {
            return failure;
        }
        return BackendException.permanent(failure.getMessage() + " (backend '" + backend + "': this vLLM server does "
                + "not accept adapters at run time; start it with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True)",
                failure);
    }
}
