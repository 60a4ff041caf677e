package io.sextant.engine.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.audit.AuditAppendListener;
import io.sextant.engine.dashboard.CommitLinks;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.ResourceStatusChanged;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The notification beans: channels checked at start-up, the outbox, its two feeds and the dispatcher. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    Channels notificationChannels(NotificationProperties properties, Clock clock) {
        return new Channels(ChannelSettings.load(properties, System::getenv, clock));
    }

    @Bean
    Outbox notificationOutbox(DataSource dataSource, NotificationProperties properties) {
        return new Outbox(dataSource, properties.groupWindow());
    }

    @Bean
    Notifier notifier(NotificationProperties properties, Outbox outbox, Clock clock,
                      ObjectProvider<SourceRegistry> sources, ObjectProvider<ResourceTracker> tracker,
                      Channels notificationChannels) {
        // The channels are a parameter so that their start-up checks run before anything can be queued.
        return new Notifier(new Rules(properties.rules()), outbox, clock,
                name -> sources.getObject().find(name).map(WatchedSource::properties).flatMap(CommitLinks::of),
                (kind, namespace, name) -> labels(tracker.getObject(), kind, namespace, name),
                properties.dashboardUrl());
    }

    @Bean
    AuditAppendListener auditNotifications(Notifier notifier) {
        return new AuditNotifications(notifier);
    }

    @Bean
    HealthNotifications healthNotifications(Notifier notifier, PlatformTransactionManager transactions, Clock clock) {
        return new HealthNotifications(notifier, new TransactionTemplate(transactions), clock);
    }

    @Bean
    NotificationMetrics notificationMetrics(MeterRegistry registry, Channels notificationChannels) {
        return new NotificationMetrics(registry, notificationChannels.byName().keySet());
    }

    @Bean
    Dispatcher notificationDispatcher(Outbox outbox, Channels notificationChannels,
                                      NotificationProperties properties, NotificationMetrics metrics, Clock clock) {
        return new Dispatcher(outbox, notificationChannels.byName(), properties, metrics, clock);
    }

    @Bean
    DispatchLoop notificationDispatchLoop(Dispatcher dispatcher, Outbox outbox, NotificationMetrics metrics,
                                          NotificationProperties properties, Channels notificationChannels,
                                          Clock clock) {
        return new DispatchLoop(dispatcher, outbox, metrics, properties.dispatchInterval(),
                !notificationChannels.byName().isEmpty(), clock, properties.retention());
    }

    /** Publishes health changes to the notifier (a bean method cannot be an event listener of a record type). */
    @Bean
    HealthListener notificationHealthListener(HealthNotifications health) {
        return new HealthListener(health);
    }

    record HealthListener(HealthNotifications health) {
        @EventListener
        public void on(ResourceStatusChanged change) {
            health.changed(change);
        }
    }

    private static Map<String, String> labels(ResourceTracker tracker, String kind, String namespace, String name) {
        try {
            // A resource that left Git (a deletion) has no desired document: its live one still has the labels.
            JsonNode labels = tracker.find(ResourceKey.parse(kind + "/" + namespace + "/" + name, namespace))
                    .map(r -> r.desired() != null ? r.desired() : r.observed())
                    .map(document -> document.path("metadata").path("labels")).orElse(null);
            Map<String, String> out = new LinkedHashMap<>();
            if (labels != null && labels.isObject()) {
                labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
            }
            return out;
        } catch (IllegalArgumentException unknownKind) {
            return Map.of();
        }
    }
}
