package io.sextant.engine.notify;

import java.time.Duration;

/** Where notifications go. Implementations never put their URL, secret or password in a {@link Delivery}. */
sealed interface Channel permits SlackChannel, WebhookChannel, EmailChannel {

    String name();

    /** {@code slack}, {@code webhook} or {@code email}. */
    String type();

    /** Sends one message; never throws for a failure of the channel, answers it. */
    Delivery send(Outgoing message);

    /**
     * One message to send.
     *
     * @param deliveryKey the idempotency key: the same for every attempt of this event on this channel
     * @param occurrences how many events the message stands for (repeats grouped into it)
     * @param firstAt     when the first of them happened (ISO-8601)
     * @param lastAt      when the last did
     */
    record Outgoing(String deliveryKey, Notification notification, int occurrences, String firstAt, String lastAt) {}

    /** What a channel answered. */
    sealed interface Delivery {

        /** Accepted by the channel. */
        record Delivered() implements Delivery {}

        /**
         * Not now: a timeout, a reset, a 5xx or a 429. Retried with backoff, or after {@code after} when the
         * channel said when (Retry-After), whichever is later.
         */
        record Retry(String reason, Duration after) implements Delivery {}

        /** Refused for good (a revoked Slack hook, a malformed message): retrying cannot help. */
        record Refused(String reason) implements Delivery {}
    }
}
