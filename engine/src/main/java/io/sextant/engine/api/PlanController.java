package io.sextant.engine.api;

import io.sextant.engine.reconcile.DiffJson;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.git.api.GitException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/plan?revision=REV}: the dry-run plan of any commit or ref against live state. */
@RestController
class PlanController {

    private final Reconciler reconciler;

    PlanController(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    record Step(String action, AuditEvent.ResourceRef resource, String backend, JsonNode diff) {}

    record PlanError(String path, Integer line, String field, String message) {}

    record PlanView(String source, String revision, SourcesController.Commit commit, int changes, List<Step> steps,
                    List<PlanError> errors) {}

    @GetMapping("/api/v1/plan")
    PlanView plan(@RequestParam(required = false) String revision, @RequestParam(required = false) String source)
            throws GitException {
        String sourceName = source == null ? reconciler.defaultSource() : source;
        PlanPreview preview = reconciler.plan(sourceName, revision == null || revision.isBlank() ? "HEAD" : revision);
        List<Step> steps = preview.steps().stream().map(PlanController::step).toList();
        List<PlanError> errors = preview.errors().stream()
                .map(e -> new PlanError(e.file(), e.line() > 0 ? e.line() : null,
                        e.field().isEmpty() ? null : e.field(), e.toString()))
                .toList();
        return new PlanView(sourceName, preview.commit().id(), SourcesController.Commit.of(preview.commit()),
                steps.size(), steps, errors);
    }

    private static Step step(PlanStep s) {
        return new Step(s.action().apiName(),
                new AuditEvent.ResourceRef(s.key().kind().apiName(), s.key().namespace(), s.key().name()),
                s.backend(), DiffJson.of(s.diff()));
    }
}
