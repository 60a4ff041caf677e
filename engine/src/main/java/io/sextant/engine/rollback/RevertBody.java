package io.sextant.engine.rollback;

import io.sextant.analysis.Measurement;
import io.sextant.plugin.ResourceKey;
import java.util.List;

/** The title, commit message and pull request body of a revert: what a reviewer needs to merge it. */
final class RevertBody {

    private RevertBody() {
    }

    static String title(ResourceKey key, String target) {
        return "Roll back " + key.namespace() + "/" + key.name() + " to " + shortId(target);
    }

    static String commitMessage(ResourceKey key, String reverted, String target, List<String> paths) {
        return title(key, target) + "\n\nRestores " + String.join(", ", paths) + " to their content at " + target
                + "\n(" + key.kind().apiName() + " " + key.namespace() + "/" + key.name() + " from " + reverted + ").\n";
    }

    static String body(ResourceKey key, String reverted, String target, List<String> paths, Evidence evidence,
                       String dashboardUrl) {
        StringBuilder body = new StringBuilder();
        body.append("Sextant rolls back **").append(key.kind().apiName()).append(' ').append(key.namespace())
                .append('/').append(key.name()).append("**: commit ").append(reverted)
                .append(" is reverted to the content of ").append(target).append(" in:\n\n");
        paths.forEach(p -> body.append("- `").append(p).append("`\n"));
        body.append("\nOnly these files change; everything else on the branch is left as it is.\n\n");
        body.append("**Why:** ").append(evidence.reason().isBlank() ? "requested" : evidence.reason()).append("\n\n");
        if (!evidence.failed().isEmpty()) {
            body.append("| metric | condition | time | canary | stable | verdict | detail |\n");
            body.append("| --- | --- | --- | --- | --- | --- | --- |\n");
            for (Measurement m : evidence.failed()) {
                body.append("| ").append(cell(m.metric())).append(" | `").append(cell(m.condition())).append("` | ")
                        .append(m.time()).append(" | ").append(m.canary() == null ? "–" : m.canary()).append(" | ")
                        .append(m.stable() == null ? "–" : m.stable()).append(" | ").append(m.verdict()).append(" | ")
                        .append(cell(m.message() == null ? "" : m.message())).append(" |\n");
            }
            body.append('\n');
        }
        body.append("Aborted commit: ").append(reverted).append('\n');
        if (dashboardUrl != null) {
            body.append("Dashboard: ").append(dashboardUrl.replaceAll("/+$", "")).append("/#/resources/")
                    .append(key.kind().apiName()).append('/').append(key.namespace()).append('/').append(key.name())
                    .append('\n');
        }
        body.append("\nMerging this pull request rolls the fleet back through a normal sync.\n");
        return body.toString();
    }

    /** A table cell: a pipe or a line break would end it early. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }

    static String shortId(String commit) {
        return commit.substring(0, Math.min(7, commit.length()));
    }
}
