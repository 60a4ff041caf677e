package io.sextant.engine.notify;

import io.sextant.engine.notify.NotificationProperties.RuleProperties;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which channels a notification goes to: every channel of every rule whose selectors all match it. */
final class Rules {

    private final List<RuleProperties> rules;

    Rules(List<RuleProperties> rules) {
        this.rules = List.copyOf(rules);
    }

    Set<String> channelsFor(Notification n) {
        Set<String> channels = new LinkedHashSet<>();
        for (RuleProperties rule : rules) {
            if (matches(rule, n)) {
                channels.addAll(rule.channels());
            }
        }
        return channels;
    }

    /** Whether any rule could want events of this type: the audit hook skips everything else cheaply. */
    boolean wants(EventType type) {
        return rules.stream().anyMatch(r -> r.events().isEmpty() || r.events().contains(type.key()));
    }

    /** Whether a rule selects by labels, which cost a look-up of the resource's desired document. */
    boolean needsLabels() {
        return rules.stream().anyMatch(r -> !r.labels().isEmpty());
    }

    static boolean matches(RuleProperties rule, Notification n) {
        return in(rule.events(), n.type().key()) && in(rule.sources(), n.source())
                && in(rule.namespaces(), n.namespace()) && in(rule.kinds(), n.kind()) && in(rule.names(), n.name())
                && in(rule.backends(), n.backend())
                && rule.labels().entrySet().stream().allMatch(e -> e.getValue().equals(n.labels().get(e.getKey())));
    }

    private static boolean in(List<String> allowed, String value) {
        return allowed.isEmpty() || allowed.contains(value);
    }
}
