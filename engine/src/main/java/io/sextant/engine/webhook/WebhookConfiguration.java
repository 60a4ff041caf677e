package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the webhook receiver to the configured sources, the reconciler and the event bus. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    WebhookReceiver webhookReceiver(SourceRegistry registry, WebhooksProperties properties, Reconciler reconciler,
                                    ApplicationEventPublisher events) {
        List<SourceProperties> sources = registry.all().stream().map(WatchedSource::properties).toList();
        return new WebhookReceiver(new SourceMatcher(sources), WebhookSecrets.load(sources, System::getenv),
                new RateLimiter(properties.rateLimit(), System::nanoTime),
                new DeliveryLog(properties.deliveries(), System::nanoTime),
                new WebhookDispatcher(reconciler::request, events),
                new Refusals(properties.unauthenticated(), System::nanoTime));
    }
}
