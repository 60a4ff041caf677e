package io.sextant.engine.notify;

import io.sextant.engine.dashboard.CommitLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns events into outbox rows: completes each notification (labels for the rules, links to the commit, the
 * pull request and the resource's dashboard page) and queues it for every channel a rule selects, in the
 * caller's transaction.
 */
final class Notifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Looks a resource's labels up, for rules that select by label. */
    interface Labels {
        Map<String, String> of(String kind, String namespace, String name);
    }

    private final Rules rules;
    private final Outbox outbox;
    private final Clock clock;
    private final Function<String, Optional<CommitLinks>> commitLinks;
    private final Labels labels;
    private final String dashboardUrl;

    Notifier(Rules rules, Outbox outbox, Clock clock, Function<String, Optional<CommitLinks>> commitLinks,
             Labels labels, String dashboardUrl) {
        this.rules = rules;
        this.outbox = outbox;
        this.clock = clock;
        this.commitLinks = commitLinks;
        this.labels = labels;
        this.dashboardUrl = dashboardUrl == null ? null : dashboardUrl.replaceAll("/+$", "");
    }

    boolean wants(EventType type) {
        return rules.wants(type);
    }

    /** Queues the notifications for every channel their rules select; the caller's transaction holds them. */
    void notify(List<Notification> notifications) {
        List<Outbox.Queued> queued = new ArrayList<>();
        for (Notification bare : notifications) {
            Notification n = complete(bare);
            String payload = JSON.writeValueAsString(n);
            for (String channel : rules.channelsFor(n)) {
                queued.add(new Outbox.Queued(n.eventId() + "." + channel, channel, n.type().key(),
                        sha256(channel + "\n" + n.type().key() + "\n" + n.resource()), payload));
            }
        }
        if (!queued.isEmpty()) {
            outbox.enqueue(queued, clock.instant());
        }
    }

    private Notification complete(Notification n) {
        Map<String, String> links = new LinkedHashMap<>(n.links());
        Optional<CommitLinks> host = n.source() == null ? Optional.empty() : commitLinks.apply(n.source());
        host.ifPresent(h -> {
            if (n.commit() != null && h.commitPrefix() != null) {
                links.put("commit", h.commitPrefix() + n.commit());
            }
            if (n.pullRequest() != null && h.pullRequestPrefix() != null) {
                links.put("pullRequest", h.pullRequestPrefix() + n.pullRequest());
            }
        });
        if (dashboardUrl != null) {
            links.put("dashboard", dashboardUrl + "/#/resources/" + enc(n.kind()) + "/" + enc(n.namespace()) + "/"
                    + enc(n.name()));
        }
        Map<String, String> resourceLabels = rules.needsLabels() ? labels.of(n.kind(), n.namespace(), n.name()) : Map.of();
        return new Notification(n.eventId(), n.type(), n.time(), n.source(), n.kind(), n.namespace(), n.name(),
                n.backend(), n.commit(), n.commitMessage(), n.pullRequest(), n.message(), resourceLabels, links);
    }

    private static String enc(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
