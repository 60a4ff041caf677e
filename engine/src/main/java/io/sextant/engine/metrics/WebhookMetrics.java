package io.sextant.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts webhook deliveries: {@code sextant_webhook_deliveries_total{provider, result}}. The webhook
 * endpoints call {@link #delivered} once per request, whatever its outcome.
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param provider {@code github}, {@code gitlab} or {@code gitea}
     * @param result   what became of it, a short lower-case word: {@code accepted} (a reconcile was
     *                 requested), {@code ignored} (valid, but nothing to do: a ping, another branch),
     *                 {@code rejected} (bad or missing signature, no secret configured), {@code invalid}
     *                 (unreadable payload), {@code unknown-source}
     */
    public void delivered(String provider, String result) {
        counter(registry, provider, result).increment();
    }

    /** The counter of one provider and result; also registered at start-up, at zero. */
    static Counter counter(MeterRegistry registry, String provider, String result) {
        return Counter.builder("sextant.webhook.deliveries")
                .description("Webhook deliveries by provider and result")
                .tags("provider", provider.toLowerCase(Locale.ROOT), "result", result.toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
