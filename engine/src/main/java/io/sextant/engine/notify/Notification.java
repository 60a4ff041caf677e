package io.sextant.engine.notify;

import java.util.Map;

/**
 * One thing worth telling people, as stored in the outbox and rendered by each channel.
 *
 * @param eventId     identifies the event (an audit event's id, or a health change); with the channel it makes
 *                    the delivery's idempotency key
 * @param type        what happened
 * @param time        when (ISO-8601)
 * @param source      the source, or null
 * @param kind        resource kind
 * @param namespace   resource namespace
 * @param name        resource name
 * @param backend     backend, or null
 * @param commit      the commit involved, or null
 * @param commitMessage its first line, or null
 * @param pullRequest the pull request that brought the commit, or null
 * @param message     what went wrong or what changed, in the engine's words (never a secret)
 * @param labels      the resource's labels, for rules
 * @param links       {@code commit}, {@code pullRequest}, {@code dashboard} URLs when known
 */
record Notification(String eventId, EventType type, String time, String source, String kind, String namespace,
                    String name, String backend, String commit, String commitMessage, Integer pullRequest,
                    String message, Map<String, String> labels, Map<String, String> links) {

    Notification {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        links = links == null ? Map.of() : Map.copyOf(links);
    }

    String resource() {
        return kind + "/" + namespace + "/" + name;
    }

    String shortCommit() {
        return commit == null ? null : commit.substring(0, Math.min(7, commit.length()));
    }
}
