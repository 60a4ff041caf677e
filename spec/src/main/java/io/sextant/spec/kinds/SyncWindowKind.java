package io.sextant.spec.kinds;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code SyncWindow}: an allow or deny window over the changes of its own namespace. Engine-side (no
 * backend): teams define freezes in Git, so a freeze is reviewed and approved as a pull request.
 */
final class SyncWindowKind implements KindDefinition {

    private static final JsonNode SCHEMA = Json.schema("schemas/sextant.io_v1/syncwindow.schema.json");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    /** Bounds how far back the engine looks for the firing that opened a window. */
    static final Duration MAX_DURATION = Duration.ofDays(31);

    @Override
    public String kind() {
        return SyncWindow.KIND.name();
    }

    @Override
    public List<String> apiVersions() {
        return List.of(BuiltInKinds.V1);
    }

    @Override
    public JsonNode schema(String apiVersion) {
        return SCHEMA;
    }

    @Override
    public Class<SyncWindow> type() {
        return SyncWindow.class;
    }

    @Override
    public boolean engineSide() {
        return true;
    }

    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        String schedule = spec.path("schedule").asString("");
        CronSyntax.problem(schedule).ifPresent(problem -> context.problem("spec.schedule", problem));
        String zone = spec.path("timeZone").asString("UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            context.problem("spec.timeZone", "unknown time zone '" + zone + "': use an IANA name such as Europe/Berlin");
        }
        Duration duration = duration(spec.path("duration").asString(""));
        if (duration == null) {
            context.problem("spec.duration", "must be a positive duration of at most 31d, such as 10h, 90m or 1h30m");
            duration = Duration.ofMinutes(1);
        }
        JsonNode selector = spec.path("selector");
        LabelSelector labels = null;
        if (selector.has("matchLabels") || selector.has("matchExpressions")) {
            try {
                labels = LabelSelector.read(selector);
            } catch (IllegalArgumentException e) {
                context.problem("spec.selector", e.getMessage());
            }
        }
        return new SyncWindow(metadata, new SyncWindow.Spec(spec.path("type").asString(), schedule, duration, zone,
                spec.path("manualSync").asBoolean(false), new SyncWindow.Selector(texts(selector.path("kinds")),
                texts(selector.path("backends")), texts(selector.path("sources")), labels)));
    }

    /** A duration such as {@code 10h} or {@code 1h30m}, or null when the text is none or out of range. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return null;
        }
        Duration d = Duration.ZERO;
        d = m.group(1) == null ? d : d.plusDays(Long.parseLong(m.group(1)));
        d = m.group(2) == null ? d : d.plusHours(Long.parseLong(m.group(2)));
        d = m.group(3) == null ? d : d.plusMinutes(Long.parseLong(m.group(3)));
        d = m.group(4) == null ? d : d.plusSeconds(Long.parseLong(m.group(4)));
        return d.isZero() || d.compareTo(MAX_DURATION) > 0 ? null : d;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** The duration as ISO-8601 ({@code PT10H}), so {@code 600m} and {@code 10h} compare equal. */
    @Override
    public JsonNode spec(Resource resource) {
        SyncWindow.Spec spec = type().cast(resource).spec();
        ObjectNode node = Json.JSON.objectNode().put("type", spec.type()).put("schedule", spec.schedule())
                .put("duration", spec.duration().toString()).put("timeZone", spec.timeZone())
                .put("manualSync", spec.manualSync());
        ObjectNode selector = Json.JSON.objectNode();
        array(selector, "kinds", spec.selector().kinds());
        array(selector, "backends", spec.selector().backends());
        array(selector, "sources", spec.selector().sources());
        if (spec.selector().labels() != null) {
            selector.setAll(spec.selector().labels().toJson());
        }
        if (!selector.isEmpty()) {
            node.set("selector", selector);
        }
        return node;
    }

    private static void array(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.stream().sorted().forEach(array::add);
        }
    }

    /** After every backend's kinds: a window holds nothing on any backend, so where it goes in a plan is moot. */
    @Override
    public int applyOrder() {
        return 900;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("Type", "/spec/type"), new Column("Schedule", "/spec/schedule"),
                new Column("Duration", "/spec/duration"), new Column("Time zone", "/spec/timeZone"));
    }

    @Override
    public String summary(JsonNode manifest) {
        return manifest.at("/spec/type").asString("") + " " + manifest.at("/spec/schedule").asString("") + " for "
                + manifest.at("/spec/duration").asString("") + " (" + manifest.at("/spec/timeZone").asString("") + ")";
    }

    @Override
    public String noun() {
        return "sync window";
    }
}
