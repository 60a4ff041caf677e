package io.sextant.drift.api;

import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Field-level comparison of two canonical documents into JSON Patch operations. */
final class StructuralDiff {

    private StructuralDiff() {
    }

    /**
     * Appends the operations turning {@code live} into {@code want} at {@code path}; a Java null means
     * the field is absent on that side. Object keys are visited in sorted order, so the output is
     * ordered by path without a separate sort.
     */
    static void diff(String path, JsonNode live, JsonNode want, List<FieldChange> out) {
        if (live == null && want == null) {
            return;
        }
        if (live == null) {
            out.add(new FieldChange("add", path, null, want));
        } else if (want == null) {
            out.add(new FieldChange("remove", path, live, null));
        } else if (live.isObject() && want.isObject()) {
            TreeSet<String> keys = new TreeSet<>(live.propertyNames());
            keys.addAll(want.propertyNames());
            for (String key : keys) {
                diff(path + "/" + Canonical.escape(key), live.get(key), want.get(key), out);
            }
        } else if (live.isArray() && want.isArray() && live.size() == want.size()) {
            for (int i = 0; i < live.size(); i++) {
                diff(path + "/" + i, live.get(i), want.get(i), out);
            }
        } else if (!equivalent(live, want)) {
            out.add(new FieldChange("replace", path, live, want));
        }
    }

    /**
     * Equality of two leaves (or of two values of different shapes), where numbers compare by value:
     * YAML, JSON and backends disagree on int vs long vs double.
     */
    static boolean equivalent(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? sameNumber(a, b) : a.equals(b);
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().equals(b.bigIntegerValue());
        }
        // NaN and infinities have no decimal form; they only equal themselves.
        if (!Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
}
