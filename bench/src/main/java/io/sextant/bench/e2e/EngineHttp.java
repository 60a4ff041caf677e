package io.sextant.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a user and GitHub send the engine over HTTP: "sync now", and signed push webhooks. */
final class EngineHttp {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final byte[] webhookSecret;

    EngineHttp(int port, byte[] webhookSecret) {
        this.base = "http://127.0.0.1:" + port;
        this.webhookSecret = webhookSecret.clone();
    }

    /** {@code POST /api/v1/sync?source=...} with the admin token; expects 202. */
    void syncNow(String source) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/sync?source=" + source))
                .header("Authorization", "Bearer " + BenchEngine.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        expect(202, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * A GitHub {@code push} delivery for {@code main} of the repository at {@code cloneUrl}, signed with
     * {@code X-Hub-Signature-256} as GitHub signs it; expects 202 (a reconcile was enqueued).
     */
    void githubPush(String cloneUrl, String before, String after) throws IOException, InterruptedException {
        String body = "{\"ref\":\"refs/heads/main\",\"before\":\"" + before + "\",\"after\":\"" + after + "\","
                + "\"repository\":{\"full_name\":\"bench/fleet\",\"clone_url\":\"" + cloneUrl + "\"},"
                + "\"pusher\":{\"name\":\"bench\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmac(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        expect(202, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ", expected " + status + ": " + response.body());
        }
    }
}
