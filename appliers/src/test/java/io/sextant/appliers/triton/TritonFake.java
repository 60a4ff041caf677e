package io.sextant.appliers.triton;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Triton in explicit model-control mode as its protocol docs describe it, behind WireMock stubs: the
 * repository index lists every model of the repository with its state; a load with a
 * {@code parameters.config} override runs that config, completed as Triton completes one (inputs,
 * outputs, instance group names); config and ready answer 400 with {@code {"error": ...}} for a model
 * that is not ready.
 */
final class TritonFake implements ResponseTransformerV2 {

    static final String NAME = "triton-fake";
    private static final Pattern MODEL = Pattern.compile("/v2/(?:repository/)?models/([^/]+)/(\\w+)");

    /** State per model of the repository: {@code state}, {@code reason}, {@code config}. */
    private final Map<String, ObjectNode> models = new TreeMap<>();
    private volatile String notReadyError;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void reset(String... repository) {
        models.clear();
        notReadyError = null;
        for (String model : repository) {
            models.put(model, JsonNodeFactory.instance.objectNode());
        }
    }

    /** Models load, but then fail their readiness check with this error. */
    void loadedModelsAreNotReady(String error) {
        notReadyError = error;
    }

    synchronized ObjectNode liveConfig(String model) {
        return (ObjectNode) models.get(model).get("config");
    }

    synchronized void unloadOutOfBand(String model) {
        models.get(model).put("state", "UNAVAILABLE").put("reason", "unloaded").remove("config");
    }

    @Override
    public synchronized Response transform(Response response, ServeEvent event) {
        String url = event.getRequest().getUrl();
        if (url.equals("/v2/repository/index")) {
            ArrayNode index = JsonNodeFactory.instance.arrayNode();
            models.forEach((name, model) -> {
                ObjectNode entry = index.addObject().put("name", name);
                if (model.has("state")) {
                    entry.put("version", "1").put("state", model.path("state").asString()).put("reason", model.path("reason").asString());
                }
            });
            return reply(response, 200, index.toString());
        }
        Matcher matcher = MODEL.matcher(url);
        if (!matcher.matches()) {
            return reply(response, 404, "{\"error\":\"Not Found\"}");
        }
        String name = matcher.group(1);
        ObjectNode model = models.get(name);
        switch (matcher.group(2)) {
            case "load" -> {
                if (model == null) {
                    return reply(response, 400, "{\"error\":\"failed to load '" + name + "', failed to poll from model "
                            + "repository\"}");
                }
                JsonNode body = JsonMapper.shared().readTree(event.getRequest().getBodyAsString());
                ObjectNode config = (ObjectNode) JsonMapper.shared().readTree(body.at("/parameters/config").asString());
                model.put("state", "READY").put("reason", "").set("config", complete(name, config));
                return reply(response, 200, "");
            }
            case "unload" -> {
                if (model != null) {
                    unloadOutOfBand(name);
                }
                return reply(response, 200, "");
            }
            case "config" -> {
                return model != null && model.has("config") ? reply(response, 200, model.get("config").toString())
                        : reply(response, 400, "{\"error\":\"Request for unknown model: '" + name + "' is not found\"}");
            }
            default -> {
                boolean ready = model != null && "READY".equals(model.path("state").asString()) && notReadyError == null;
                return ready ? reply(response, 200, "") : reply(response, 400, "{\"error\":\""
                        + (notReadyError == null ? "Request for unknown model: '" + name + "' is not found" : notReadyError) + "\"}");
            }
        }
    }

    /** What Triton adds to an override: backend-detected fields, I/O, and full instance group entries. */
    private static ObjectNode complete(String name, ObjectNode config) {
        ObjectNode live = config.deepCopy();
        live.put("platform", "onnxruntime_onnx");
        if (!live.has("backend")) {
            live.put("backend", "onnxruntime");
        }
        if (!live.has("max_batch_size")) {
            live.put("max_batch_size", 0);
        }
        if (!live.has("version_policy")) {
            live.putObject("version_policy").putObject("latest").put("num_versions", 1);
        }
        live.putArray("input").addObject().put("name", "input").put("data_type", "TYPE_FP32").putArray("dims").add(3).add(224).add(224);
        live.putArray("output").addObject().put("name", "output").put("data_type", "TYPE_FP32").putArray("dims").add(1000);
        int i = 0;
        for (JsonNode group : live.withArray("instance_group")) {
            ((ObjectNode) group).put("name", name + "_" + i++).putArray("secondary_devices");
            ((ObjectNode) group).putArray("profile");
            ((ObjectNode) group).put("passive", false).put("host_policy", "");
            if (!group.has("gpus")) {
                ((ObjectNode) group).putArray("gpus");
            }
        }
        live.putObject("optimization").putObject("cuda").put("graphs", false);
        live.put("default_model_filename", "model.onnx");
        return live;
    }

    private static Response reply(Response response, int status, String body) {
        return Response.Builder.like(response).but().status(status)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json"))).body(body).build();
    }
}
