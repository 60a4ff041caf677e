package io.sextant.appliers.rayserve;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ray's dashboard Serve API as its docs and {@code serve_head.py} describe it, behind WireMock stubs:
 * {@code PUT /api/serve/applications/} replaces the whole set of applications (those left out are
 * removed) and answers 200 with no body, or 400 with plain text for an invalid config;
 * {@code GET} returns {@code ServeInstanceDetails} with each application's status, message and the
 * exact {@code deployed_app_config} submitted. Tests set the status the next deploy ends in.
 */
final class RayServeFake implements ResponseTransformerV2 {

    static final String NAME = "ray-serve-fake";

    private final Map<String, ObjectNode> applications = new LinkedHashMap<>();
    private volatile String nextStatus = "RUNNING";
    private volatile String nextMessage = "";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void reset() {
        applications.clear();
        nextStatus = "RUNNING";
        nextMessage = "";
    }

    /** The status and message the next deploy of a changed application ends in. */
    void deploysEndIn(String status, String message) {
        nextStatus = status;
        nextMessage = message;
    }

    /** An application deployed from someone else's config file. */
    synchronized void addForeign(String name, String configJson) {
        applications.put(name, details(name, (ObjectNode) JsonMapper.shared().readTree(configJson), "RUNNING", ""));
    }

    /** An application deployed with {@code serve.run}: Ray reports no config for it. */
    synchronized void addImperative(String name) {
        ObjectNode app = details(name, null, "RUNNING", "");
        app.put("source", "imperative");
        applications.put(name, app);
    }

    synchronized JsonNode config(String name) {
        return applications.get(name).path("deployed_app_config");
    }

    /** Changes a live application behind Sextant's back, as {@code serve deploy} from a laptop would. */
    synchronized ObjectNode editConfig(String name) {
        return (ObjectNode) applications.get(name).get("deployed_app_config");
    }

    synchronized void setStatus(String name, String status, String message) {
        applications.get(name).put("status", status).put("message", message);
    }

    @Override
    public synchronized Response transform(Response response, ServeEvent event) {
        if (event.getRequest().getMethod().equals(RequestMethod.PUT)) {
            return put(response, event.getRequest().getBodyAsString());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("controller_info").put("node_id", "5e1f").put("actor_name", "SERVE_CONTROLLER_ACTOR");
        body.put("proxy_location", "EveryNode");
        body.putObject("http_options").put("host", "0.0.0.0").put("port", 8000);
        body.put("deploy_mode", "MULTI_APP");
        body.putNull("target_capacity");
        ObjectNode apps = body.putObject("applications");
        applications.forEach((name, app) -> apps.set(name, app.deepCopy()));
        return json(response, 200, body.toString());
    }

    private Response put(Response response, String text) {
        JsonNode body = JsonMapper.shared().readTree(text);
        Map<String, ObjectNode> next = new LinkedHashMap<>();
        for (JsonNode app : body.path("applications")) {
            if (!app.path("import_path").isString() || !app.path("name").isString()) {
                return Response.Builder.like(response).but().status(400)
                        .body("1 validation error for ServeDeploySchema\napplications.0.import_path\n  Field required").build();
            }
            String name = app.path("name").asString();
            ObjectNode previous = applications.get(name);
            boolean unchanged = previous != null && app.equals(previous.get("deployed_app_config"));
            next.put(name, unchanged ? previous : details(name, (ObjectNode) app.deepCopy(), nextStatus, nextMessage));
        }
        applications.clear();
        applications.putAll(next);
        return Response.Builder.like(response).but().status(200).body("").build();
    }

    private static ObjectNode details(String name, ObjectNode config, String status, String message) {
        ObjectNode app = JsonNodeFactory.instance.objectNode();
        app.put("name", name);
        app.put("route_prefix", config == null ? "/" + name : config.path("route_prefix").asString("/"));
        app.putNull("docs_path");
        app.put("status", status);
        app.put("message", message);
        app.put("last_deployed_time_s", 1.7e9);
        app.set("deployed_app_config", config);
        app.put("source", "declarative");
        ObjectNode deployments = app.putObject("deployments");
        if (config != null) {
            for (JsonNode deployment : config.path("deployments")) {
                String deploymentName = deployment.path("name").asString();
                deployments.putObject(deploymentName).put("name", deploymentName)
                        .put("status", status.equals("RUNNING") ? "HEALTHY" : "UNHEALTHY").put("message", "");
            }
        }
        return app;
    }

    private static Response json(Response response, int status, String body) {
        return Response.Builder.like(response).but().status(status)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
                .body(body).build();
    }
}
