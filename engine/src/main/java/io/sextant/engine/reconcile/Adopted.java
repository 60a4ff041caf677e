package io.sextant.engine.reconcile;

import io.sextant.drift.api.FieldChange;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The diff an {@code adopt} event records: the step's own changes, then one entry per live object the backend
 * took over ({@code /objects/<kind>/<name>}, from what was there to {@code Adopted}), so the audit log says
 * which object, with which uid, changed how.
 */
final class Adopted {

    private Adopted() {
    }

    static List<FieldChange> diff(List<FieldChange> changes, StepOutcome outcome) {
        if (!(outcome instanceof StepOutcome.Applied applied) || applied.adopted().isEmpty()) {
            return changes;
        }
        List<FieldChange> all = new ArrayList<>(changes);
        for (var object : applied.adopted()) {
            String before = "Unmanaged" + (object.uid().isEmpty() ? "" : " (uid " + object.uid() + ")")
                    + (object.changes().isEmpty() ? "" : ": " + String.join("; ", object.changes()));
            all.add(new FieldChange("replace", "/objects/" + object.kind() + "/" + object.name(),
                    JsonNodeFactory.instance.stringNode(before), JsonNodeFactory.instance.stringNode("Adopted")));
        }
        return all;
    }
}
