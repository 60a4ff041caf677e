package io.sextant.engine.webhook;

import io.sextant.git.webhook.WebhookSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real payloads from git-source's {@code webhooks/} fixtures (on the test classpath through its
 * test jar), copied and pointed at a test repository. The fixtures themselves are never changed.
 */
final class Payloads {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() {
    }

    static ObjectNode fixture(String path) {
        try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture webhooks/" + path + " on the test classpath");
            }
            return (ObjectNode) JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gitHubPush(String repositoryUrl, String ref, String after) {
        ObjectNode push = fixture("github/push.with-new-branch.payload.json");
        push.put("ref", ref).put("after", after);
        ((ObjectNode) push.get("repository")).put("clone_url", repositoryUrl);
        return bytes(push);
    }

    static byte[] giteaPush(String repositoryUrl, String ref, String after) {
        ObjectNode push = fixture("gitea/push-event.json");
        push.put("ref", ref).put("after", after);
        ((ObjectNode) push.get("repository")).put("clone_url", repositoryUrl);
        return bytes(push);
    }

    static byte[] gitLabPush(String repositoryUrl, String ref, String after) {
        ObjectNode push = fixture("gitlab/push-event.json");
        push.put("ref", ref).put("after", after).put("checkout_sha", after);
        ((ObjectNode) push.get("project")).put("git_http_url", repositoryUrl);
        return bytes(push);
    }

    static byte[] gitHubPing(String repositoryUrl) {
        ObjectNode ping = fixture("github/ping.payload.json");
        ((ObjectNode) ping.get("repository")).put("clone_url", repositoryUrl);
        return bytes(ping);
    }

    /** A GitHub {@code pull_request} or {@code pull_request_review} fixture, into {@code baseRef}. */
    static byte[] gitHubPullRequest(String fixture, String repositoryUrl, String baseRef) {
        ObjectNode event = fixture("github/" + fixture);
        ((ObjectNode) event.get("repository")).put("clone_url", repositoryUrl);
        ((ObjectNode) event.get("pull_request").get("base")).put("ref", baseRef);
        return bytes(event);
    }

    static byte[] gitLabMergeRequest(String repositoryUrl, String targetBranch) {
        ObjectNode event = fixture("gitlab/merge-request-event.json");
        ((ObjectNode) event.get("project")).put("git_http_url", repositoryUrl);
        ((ObjectNode) event.get("object_attributes")).put("target_branch", targetBranch);
        return bytes(event);
    }

    static byte[] giteaPullRequest(String repositoryUrl, String baseRef) {
        ObjectNode event = fixture("gitea/pull-request-event.json");
        ((ObjectNode) event.get("repository")).put("clone_url", repositoryUrl);
        ((ObjectNode) event.get("pull_request").get("base")).put("ref", baseRef);
        return bytes(event);
    }

    /** {@code X-Hub-Signature-256} as GitHub computes it. */
    static String gitHubSignature(String secret, byte[] body) {
        return "sha256=" + WebhookSignatures.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    /** {@code X-Gitea-Signature} as Gitea computes it. */
    static String giteaSignature(String secret, byte[] body) {
        return WebhookSignatures.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    private static byte[] bytes(ObjectNode node) {
        return JSON.writeValueAsBytes(node);
    }
}
