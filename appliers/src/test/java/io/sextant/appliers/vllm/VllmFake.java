package io.sextant.appliers.vllm;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A vLLM OpenAI-compatible server as {@code serving_models.py} behaves, behind WireMock stubs: one base
 * model; {@code /v1/models} lists it and every loaded adapter (with {@code parent}); loading a name it
 * has is a 400 "has already been loaded", unloading one it lacks a 404 "cannot be found", both in
 * vLLM's error body; with runtime LoRA updating off the two routes do not exist (FastAPI's 404).
 */
final class VllmFake implements ResponseTransformerV2 {

    static final String NAME = "vllm-fake";

    private final Map<String, String> adapters = new LinkedHashMap<>();
    private volatile boolean runtimeLora = true;
    private volatile boolean healthy = true;
    private volatile String hiddenOnce;
    private volatile String baseRoot = HF_ID;

    /** What {@code vllm serve meta-llama/Llama-3.1-8B-Instruct} lists as the base model's {@code root}. */
    static final String HF_ID = "meta-llama/Llama-3.1-8B-Instruct";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void reset() {
        adapters.clear();
        runtimeLora = true;
        healthy = true;
        hiddenOnce = null;
        baseRoot = HF_ID;
    }

    /** The server was started on a path ({@code vllm serve /path}), which {@code /v1/models} lists as {@code root}. */
    void servesFrom(String root) {
        baseRoot = root;
    }

    synchronized void restart() {
        adapters.clear();
    }

    void runtimeLoraUpdating(boolean enabled) {
        runtimeLora = enabled;
    }

    void healthy(boolean value) {
        healthy = value;
    }

    /** Another client loads an adapter; the next model list is read just before, so it misses it. */
    synchronized void loadBehindTheNextList(String name, String path) {
        adapters.put(name, path);
        hiddenOnce = name;
    }

    @Override
    public synchronized Response transform(Response response, ServeEvent event) {
        String url = event.getRequest().getUrl();
        if (url.equals("/health")) {
            return reply(response, healthy ? 200 : 503, "");
        }
        if (url.equals("/v1/models")) {
            ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
            var data = list.putArray("data");
            data.addObject().put("id", "llama-3-8b").put("object", "model").put("created", 1_700_000_000)
                    .put("owned_by", "vllm").put("root", baseRoot).putNull("parent")
                    .put("max_model_len", 8192).putArray("permission");
            adapters.forEach((name, path) -> {
                if (!name.equals(hiddenOnce)) {
                    data.addObject().put("id", name).put("object", "model").put("created", 1_700_000_100)
                            .put("owned_by", "vllm").put("root", path).put("parent", "llama-3-8b")
                            .putNull("max_model_len").putArray("permission");
                }
            });
            hiddenOnce = null;
            return reply(response, 200, list.toString());
        }
        if (!runtimeLora) {
            return reply(response, 404, "{\"detail\":\"Not Found\"}");
        }
        JsonNode body = JsonMapper.shared().readTree(event.getRequest().getBodyAsString());
        String name = body.path("lora_name").asString();
        if (url.equals("/v1/load_lora_adapter")) {
            if (adapters.containsKey(name)) {
                return reply(response, 400, error("The lora adapter '" + name + "' has already been loaded.",
                        "InvalidUserInput", 400));
            }
            adapters.put(name, body.path("lora_path").asString());
            return reply(response, 200, "Success: LoRA adapter '" + name + "' added successfully.");
        }
        if (adapters.remove(name) == null) {
            return reply(response, 404, error("The lora adapter '" + name + "' cannot be found.", "NotFoundError", 404));
        }
        return reply(response, 200, "Success: LoRA adapter '" + name + "' removed successfully.");
    }

    private static String error(String message, String type, int code) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        return error.toString();
    }

    private static Response reply(Response response, int status, String body) {
        // vLLM answers a successful load or unload in plain text, everything else in JSON.
        String type = body.startsWith("Success") ? "text/plain; charset=utf-8" : "application/json";
        return Response.Builder.like(response).but().status(status)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", type))).body(body).build();
    }
}
