package io.sextant.engine.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/notifications[?channel=&state=&limit=]}: recent deliveries, newest first, and per channel
 * how many are pending, delivered and failed. Under the read rule like every read of data. A channel's URL or
 * secret is never part of it: rows hold the rendered notification and the channel's own answer only.
 */
@RestController
class NotificationsController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private final Outbox outbox;
    private final Map<String, Channel> channels;

    NotificationsController(Outbox outbox, Channels channels) {
        this.outbox = outbox;
        this.channels = channels.byName();
    }

    @GetMapping("/api/v1/notifications")
    Map<String, Object> list(@RequestParam(required = false) String channel,
                             @RequestParam(required = false) String state,
                             @RequestParam(required = false) Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidQuery("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (state != null && !List.of(Outbox.PENDING, Outbox.DELIVERED, Outbox.FAILED).contains(state)) {
            throw new InvalidQuery("state must be pending, delivered or failed, was '" + state + "'");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Outbox.Row row : outbox.recent(channel, state, limit == null ? DEFAULT_LIMIT : limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", row.id());
            item.put("deliveryKey", row.deliveryKey());
            item.put("channel", row.channel());
            item.put("event", row.eventType());
            item.put("state", row.state());
            item.put("occurrences", row.occurrences());
            item.put("firstAt", Instant.ofEpochMilli(row.firstAt()).toString());
            item.put("lastAt", Instant.ofEpochMilli(row.lastAt()).toString());
            item.put("attempts", row.attempts());
            item.put("nextAttemptAt", Outbox.PENDING.equals(row.state())
                    ? Instant.ofEpochMilli(row.nextAttemptAt()).toString() : null);
            item.put("settledAt", row.settledAt() == null ? null : Instant.ofEpochMilli(row.settledAt()).toString());
            item.put("lastError", row.lastError());
            item.put("notification", JSON.readTree(row.payload()));
            items.add(item);
        }
        Map<String, Map<String, Long>> counts = outbox.counts();
        List<Map<String, Object>> summary = new ArrayList<>();
        channels.forEach((name, c) -> {
            Map<String, Long> of = counts.getOrDefault(name, Map.of());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("type", c.type());
            entry.put("pending", of.getOrDefault(Outbox.PENDING, 0L));
            entry.put("delivered", of.getOrDefault(Outbox.DELIVERED, 0L));
            entry.put("failed", of.getOrDefault(Outbox.FAILED, 0L));
            summary.add(entry);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channels", summary);
        body.put("items", items);
        return body;
    }

    @ExceptionHandler(InvalidQuery.class)
    ProblemDetail invalidQuery(InvalidQuery e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid query");
        return problem;
    }

    static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message);
        }
    }
}
