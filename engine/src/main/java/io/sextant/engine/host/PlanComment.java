package io.sextant.engine.host;

import io.sextant.engine.reconcile.WindowGate;
import io.sextant.engine.kinds.KindDisplay;
import io.sextant.spec.api.Kinds;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.plugin.SpecError;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The Markdown of a pull request's plan comment: what merging would change, resource by resource, the
 * live resources it would keep as they are (a file that fails to load keeps its resources), the GPUs it
 * takes, and the spec errors that would leave resources alone. The hidden marker on its first
 * line is how the comment is found again and updated in place on the next push.
 */
final class PlanComment {

    static final String MARKER = "<!-- sextant-plan -->";

    /** Keeps the comment well under the hosts' limits (GitHub: 65,536 characters). */
    private static final int MAX_ROWS = 150;
    private static final int MAX_CHANGES_PER_ROW = 8;
    private static final int MAX_VALUE = 60;

    private PlanComment() {
    }

    /** Whether a comment is a plan comment (it starts with the marker). */
    static boolean isPlanComment(String body) {
        return body != null && body.startsWith(MARKER);
    }

    /** One line for a commit status: the counts, and why it fails when it does. */
    static String summary(PlanPreview plan, List<GpuDelta> gpus) {
        StringBuilder text = new StringBuilder(counts(plan));
        if (!plan.errors().isEmpty()) {
            text.append("; ").append(plan.errors().size()).append(plan.errors().size() == 1 ? " spec error" : " spec errors");
        }
        gpus.stream().filter(GpuDelta::exceedsCapacity).findFirst().ifPresent(g ->
                text.append("; ").append(g.describe()));
        return text.toString();
    }

    /** @param kinds what a new resource's one-line summary is asked of (a route's says what its selectors select) */
    static String render(PlanPreview plan, List<GpuDelta> gpus, boolean passed, Kinds kinds) {
        return render(plan, gpus, List.of(), passed, kinds, WindowGate.NO_WINDOWS);
    }

    /** @param rollouts the changes that will roll out progressively ({@link RolloutLines}), one line each */
    static String render(PlanPreview plan, List<GpuDelta> gpus, List<String> rollouts, boolean passed, Kinds kinds) {
        return render(plan, gpus, rollouts, passed, kinds, WindowGate.NO_WINDOWS);
    }

    /**
     * @param rollouts the changes that will roll out progressively ({@link RolloutLines}), one line each
     * @param windows  the sync windows of the commit planned (its own where it adds or changes them): when there
     *                 are any, each step says whether it would apply on merge or wait for a window, and until when
     */
    static String render(PlanPreview plan, List<GpuDelta> gpus, List<String> rollouts, boolean passed, Kinds kinds,
                         WindowGate.Run windows) {
        boolean when = windows != WindowGate.NO_WINDOWS;
        StringBuilder md = new StringBuilder(MARKER).append('\n');
        md.append("### ").append(passed ? "✅" : "❌").append(" Sextant plan: ").append(counts(plan))
                .append("\n\n");
        md.append("Source `").append(plan.source()).append("`, commit `").append(plan.commit().id(), 0, 7)
                .append("` (").append(cell(plan.commit().shortMessage())).append("), planned against live state.\n\n");
        if (plan.steps().isEmpty() && plan.kept().isEmpty()) {
            md.append("Merging this changes nothing live.\n\n");
        } else {
            md.append(when ? "| Action | Resource | Backend | Changes | When |\n| --- | --- | --- | --- | --- |\n"
                    : "| Action | Resource | Backend | Changes |\n| --- | --- | --- | --- |\n");
            plan.steps().stream().limit(MAX_ROWS).forEach(step -> md.append("| ").append(step.action().apiName())
                    .append(" | `").append(code(step.key().toString())).append("` | ").append(cell(step.backend()))
                    .append(" | ").append(changes(step, kinds)).append(when ? " | " + cell(windows.hold(step, false)
                            .map(WindowGate.Held::message).orElse(WindowGate.APPLIES_NOW)) : "").append(" |\n"));
            // Kept rows say why a live resource stays as it is, so a broken file never reads as a deletion.
            plan.kept().stream().limit(Math.max(0, MAX_ROWS - plan.steps().size())).forEach(kept -> md
                    .append("| kept | `").append(code(kept.key().toString())).append("` | ").append(cell(kept.backend()))
                    .append(" | ").append(cell(kept.reason())).append(when ? " | |\n" : " |\n"));
            int rows = plan.steps().size() + plan.kept().size();
            if (rows > MAX_ROWS) {
                md.append("\n… and ").append(rows - MAX_ROWS).append(" more rows.\n");
            }
            md.append('\n');
        }
        if (!gpus.isEmpty()) {
            md.append("**GPUs**\n\n");
            for (GpuDelta gpu : gpus) {
                md.append("- ").append(gpu.describe())
                        .append(gpu.exceedsCapacity() ? " — **more than the backend has free**" : "").append('\n');
            }
            md.append('\n');
        }
        if (!rollouts.isEmpty()) {
            md.append("**Rollouts**\n\n");
            rollouts.stream().limit(MAX_ROWS).forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        if (!plan.errors().isEmpty()) {
            md.append("**Errors** (these resources would be left alone)\n\n");
            plan.errors().stream().limit(MAX_ROWS).forEach(e -> md.append("- ").append(error(e)).append('\n'));
            md.append('\n');
        }
        if (!plan.warnings().isEmpty()) {
            md.append("**Warnings** (nothing is refused for these)\n\n");
            plan.warnings().stream().limit(MAX_ROWS).forEach(w -> md.append("- ").append(error(w)).append('\n'));
            md.append('\n');
        }
        if (passed) {
            md.append("Ready to merge: Sextant applies this once it reaches the watched branch.");
        } else if (!plan.errors().isEmpty()) {
            md.append("Fix the errors above before merging.");
        } else {
            md.append("Merged now, some replicas would find no free GPU: free GPUs on the backend or ask for fewer.");
        }
        return md.append('\n').toString();
    }

    private static String counts(PlanPreview plan) {
        List<PlanStep> steps = plan.steps();
        return count(steps, Action.CREATE) + " to create, " + count(steps, Action.UPDATE) + " to update, "
                + count(steps, Action.DELETE) + " to delete" + (plan.kept().isEmpty() ? "" : ", " + plan.kept().size() + " kept");
    }

    private static long count(List<PlanStep> steps, Action action) {
        return steps.stream().filter(s -> s.action() == action).count();
    }

    private static String changes(PlanStep step, Kinds kinds) {
        if (step.action() == Action.CREATE) {
            String summary = step.desired() == null ? "" : KindDisplay.summary(kinds, step.key(), step.desired().manifest());
            return "new" + (summary.isEmpty() ? "" : ": " + cell(summary)) + (step.drift() ? " (deleted out of band)" : "");
        }
        if (step.action() == Action.DELETE) {
            return "removed from Git";
        }
        StringBuilder text = new StringBuilder();
        List<FieldChange> diff = step.diff();
        for (FieldChange change : diff.subList(0, Math.min(diff.size(), MAX_CHANGES_PER_ROW))) {
            if (!text.isEmpty()) {
                text.append("<br>");
            }
            text.append('`').append(code(change.path())).append("`: ").append(value(change.from()))
                    .append(" → ").append(value(change.value()));
        }
        if (diff.size() > MAX_CHANGES_PER_ROW) {
            text.append("<br>… and ").append(diff.size() - MAX_CHANGES_PER_ROW).append(" more");
        }
        return text + (step.drift() ? " (live state drifted)" : "");
    }

    private static String value(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "unset";
        }
        String text = node.isString() ? node.stringValue() : node.toString();
        if (text.length() > MAX_VALUE) {
            text = text.substring(0, MAX_VALUE - 1) + "…";
        }
        return "`" + code(text) + "`";
    }

    /** {@code `file:line`: field: message}. */
    private static String error(SpecError error) {
        String where = error.file() + (error.line() > 0 ? ":" + error.line() : "");
        return "`" + code(where) + "`: " + (error.field().isEmpty() ? "" : "`" + code(error.field()) + "`: ")
                + cell(error.message());
    }

    /** Text from a pull request, inside a code span: it must not end the span or break the table. */
    private static String code(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\r", "").replace("\n", " ").replace("|", "\\|").replace("`", "'");
    }

    /** Text from a pull request, as prose: no HTML of its own either. */
    private static String cell(String text) {
        return code(text).replace("<", "&lt;").replace(">", "&gt;");
    }
}
