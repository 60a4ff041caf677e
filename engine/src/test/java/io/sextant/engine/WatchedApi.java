package io.sextant.engine;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sextant.appliers.kubernetes.SsaCrudDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Sits in front of the CRUD mock API server: records who made each request (the bearer token, so each
 * engine replica gets its own), answers writes after a latency, and lets a test act at the moment the
 * server has taken a write but its caller has not heard back yet.
 */
final class WatchedApi extends Dispatcher {

    /**
     * One request.
     *
     * @param caller the bearer token sent, or {@code anonymous}
     * @param path   the path without its query
     * @param apply  a server-side apply (PATCH with {@code application/apply-patch+yaml})
     * @param body   the request body of a write, as sent; empty for reads
     */
    record Call(String caller, String method, String path, boolean apply, String body) {

        boolean write() {
            return !method.equals("GET");
        }
    }

    private final SsaCrudDispatcher crud;
    private final Duration writeLatency;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Consumer<Call> onWrite = call -> { };
    private volatile boolean refuseWrites;

    WatchedApi(SsaCrudDispatcher crud, Duration writeLatency) {
        this.crud = crud;
        this.writeLatency = writeLatency;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        String type = request.getHeader("Content-Type");
        String body = "GET".equals(request.getMethod()) || request.getBody() == null ? ""
                : new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Call call = new Call(authorization == null ? "anonymous" : authorization.replaceFirst("^Bearer ", ""),
                request.getMethod(), request.getPath().split("\\?")[0],
                "PATCH".equals(request.getMethod()) && type != null && type.startsWith("application/apply-patch"), body);
        if (call.write() && refuseWrites) {
            calls.add(call);
            return new MockResponse().setResponseCode(503).setHeader("Content-Type", "application/json")
                    .setBody(UNAVAILABLE);
        }
        MockResponse response = crud.dispatch(request);
        calls.add(call);
        if (call.write()) {
            onWrite.accept(call); // the server holds the change; the caller has no answer yet
            if (!writeLatency.isZero()) {
                response.setBodyDelay(writeLatency); // a Vert.x timer: other requests are not held up
            }
        }
        return response;
    }

    /** A Kubernetes Status the API server answers while it cannot write (etcd down, say). */
    static final String UNAVAILABLE = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
            "message":"etcdserver: request timed out","reason":"ServiceUnavailable","code":503}""";

    /** While true, every write is answered 503 ServiceUnavailable and changes nothing; reads still work. */
    void refuseWrites(boolean refuse) {
        this.refuseWrites = refuse;
    }

    /** Called on every write, after the server took it and before its caller gets the answer. */
    void onWrite(Consumer<Call> action) {
        this.onWrite = action;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }
}
