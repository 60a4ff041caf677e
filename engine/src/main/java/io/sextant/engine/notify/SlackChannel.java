package io.sextant.engine.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming webhook: a Block Kit message ({@code text} as the notification fallback, then header,
 * section and context blocks). Slack answers 200 {@code ok}; 400 {@code invalid_payload}, 403
 * {@code action_prohibited}, 404 {@code no_service}/{@code channel_not_found} (a revoked hook) and 410
 * {@code channel_is_archived} are refused for good; 429 (with Retry-After) and 5xx are retried. Slack ignores
 * extra headers, so the idempotency key also travels in the message's context line.
 */
record SlackChannel(String name, HttpDelivery http) implements Channel {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Block Kit limits: a header's text, a section's text. */
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;

    SlackChannel(String name, URI url, Duration timeout) {
        this(name, new HttpDelivery(url, timeout));
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Delivery send(Outgoing message) {
        byte[] body = JSON.writeValueAsString(payload(message)).getBytes(StandardCharsets.UTF_8);
        return http.post("application/json; charset=utf-8", body, Map.of("X-Sextant-Delivery", message.deliveryKey()))
                .delivery("Slack");
    }

    static ObjectNode payload(Outgoing message) {
        Notification n = message.notification();
        String headline = (n.type().bad() ? "🔴 " : "🟢 ") + n.type().title() + ": " + n.resource();
        ObjectNode root = JSON.createObjectNode();
        root.put("text", headline + times(message));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(headline, HEADER_MAX));
        List<String> lines = new ArrayList<>();
        lines.add("*Source* " + esc(n.source()) + "   *Backend* " + esc(n.backend()) + times(message));
        if (n.message() != null && !n.message().isBlank()) {
            lines.add("```" + esc(n.message()) + "```");
        }
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", cut(String.join("\n", lines), SECTION_MAX));
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        context.addObject().put("type", "mrkdwn").put("text", cut(links(n) + "delivery `" + message.deliveryKey() + "`",
                SECTION_MAX));
        return root;
    }

    private static String links(Notification n) {
        StringBuilder s = new StringBuilder();
        if (n.commit() != null) {
            String label = n.shortCommit() + (n.commitMessage() == null ? "" : " " + n.commitMessage());
            String url = n.links().get("commit");
            s.append(url == null ? "commit " + esc(label) : "<" + url + "|" + esc(label) + ">").append(" · ");
        }
        if (n.pullRequest() != null) {
            String url = n.links().get("pullRequest");
            s.append(url == null ? "PR #" + n.pullRequest() : "<" + url + "|PR #" + n.pullRequest() + ">").append(" · ");
        }
        String dashboard = n.links().get("dashboard");
        if (dashboard != null) {
            s.append("<").append(dashboard).append("|Open in Sextant> · ");
        }
        return s.toString();
    }

    private static String times(Outgoing message) {
        return message.occurrences() > 1
                ? "   (" + message.occurrences() + " times, " + message.firstAt() + " to " + message.lastAt() + ")" : "";
    }

    /** Slack's mrkdwn control characters, escaped as Slack asks. */
    static String esc(String text) {
        return text == null ? "-" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
