package io.sextant.engine.notify;

import io.sextant.engine.MutableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.JdbcAuditStore;
import io.sextant.engine.dashboard.CommitLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification parts as the engine wires them, on a real database, without a Spring context: an audit store
 * whose appends feed the outbox, and dispatchers (one per simulated replica) on a clock the test moves.
 */
final class Wiring {

    final DataSource dataSource;
    final DataSourceTransactionManager transactions;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    final NotificationProperties properties;
    final Outbox outbox;
    final JdbcAuditStore audit;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final NotificationMetrics metrics;
    final Map<String, Channel> channels;
    final Notifier notifier;

    Wiring(DataSource dataSource, Map<String, Channel> channels, List<NotificationProperties.RuleProperties> rules,
           Duration groupWindow) {
        this.dataSource = dataSource;
        this.transactions = new DataSourceTransactionManager(dataSource);
        this.channels = channels;
        this.properties = new NotificationProperties("https://sextant.example.com", List.of(), rules, groupWindow,
                new NotificationProperties.RetryProperties(Duration.ofSeconds(10), Duration.ofMinutes(10)),
                Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofDays(7));
        this.outbox = new Outbox(dataSource, groupWindow);
        this.notifier = new Notifier(new Rules(rules), outbox, clock,
                source -> CommitLinks.of(new io.sextant.engine.config.SourceProperties(source,
                        "https://github.com/acme/ai-platform.git", null, null, null, null, null, null, null, null, null,
                        null)), (kind, namespace, name) -> Map.of("tier", name.startsWith("prod") ? "prod" : "dev"),
                properties.dashboardUrl());
        this.audit = new JdbcAuditStore(dataSource, transactions, List.of(new AuditNotifications(notifier)));
        this.metrics = new NotificationMetrics(registry, channels.keySet());
    }

    static NotificationProperties.RuleProperties everything(String... channels) {
        return new NotificationProperties.RuleProperties("all", List.of(channels), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), Map.of());
    }

    HealthNotifications health() {
        return new HealthNotifications(notifier, new org.springframework.transaction.support.TransactionTemplate(
                transactions), clock);
    }

    /** A dispatcher as one replica runs it. */
    Dispatcher replica() {
        return new Dispatcher(outbox, channels, properties, metrics, clock);
    }

    AuditEvent failed(String name, String error) {
        return audit.append(new AuditEntry("platform", "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c", "Ada <ada@example.com>",
                "scale " + name, 17, List.of("grace"), "poll", new AuditEvent.ResourceRef("ModelDeployment", "search", name),
                "sim-local", "update", JsonMapper.builder().build().createArrayNode(), "failed", error, 3));
    }

    int rows(String where) {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM notification_outbox" + (where.isEmpty() ? "" : " WHERE " + where), Integer.class);
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
