package io.sextant.engine.webhook;

import java.util.List;

/**
 * What became of a delivery; the controller turns each kind into its HTTP answer, and
 * {@link #result()} into the {@code result} tag of {@code sextant_webhook_deliveries_total}.
 */
sealed interface WebhookOutcome {

    /** One short lower-case word for metrics. */
    String result();

    /** Acted on (202): reconciles requested or pull-request events published for these sources. */
    record Accepted(List<String> sources, String ignored) implements WebhookOutcome {

        public Accepted {
            sources = List.copyOf(sources);
        }

        @Override
        public String result() {
            return "accepted";
        }
    }

    /**
     * Authentic or harmless, but nothing to do (200), with the reason.
     *
     * @param result {@code ignored}, {@code duplicate} or {@code unknown-source}
     */
    record Ignored(String reason, String result) implements WebhookOutcome {

        Ignored(String reason) {
            this(reason, "ignored");
        }
    }

    /** Answered without acting, such as a ping (200). */
    record Answered(String message) implements WebhookOutcome {

        @Override
        public String result() {
            return "ignored";
        }
    }

    /** Refused or failed: an {@code application/problem+json} answer with this status and detail. */
    record Problem(int status, String detail) implements WebhookOutcome {

        @Override
        public String result() {
            return switch (status) {
                case 401, 403 -> "rejected";
                case 413 -> "too-large";
                case 500 -> "failed";
                default -> "invalid";
            };
        }
    }

    /** Over a rate limit (429), with when to retry and which limit. */
    record RateLimited(long retryAfterSeconds, String detail) implements WebhookOutcome {

        /** Over the source's rate limit. */
        RateLimited(long retryAfterSeconds) {
            this(retryAfterSeconds, "too many deliveries for this source (sextant.webhooks.rate-limit); retry after "
                    + retryAfterSeconds + " s");
        }

        @Override
        public String result() {
            return "rate-limited";
        }
    }
}
