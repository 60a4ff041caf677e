package io.sextant.engine.api;

import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.DiffJson;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.WindowGate;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.git.api.GitException;
import io.sextant.engine.host.RolloutLines;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.Kinds;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/plan?revision=REV}: the dry-run plan of any commit or ref against live state. */
@RestController
class PlanController {

    private final Reconciler reconciler;
    private final WindowGate windows;
    private final Clock clock;
    private final Kinds kinds;
    private final BackendRegistry backends;

    PlanController(Reconciler reconciler, ObjectProvider<WindowGate> windows, Clock clock, Kinds kinds,
                   BackendRegistry backends) {
        this.reconciler = reconciler;
        this.windows = windows.getIfAvailable(() -> WindowGate.NONE);
        this.clock = clock;
        this.kinds = kinds;
        this.backends = backends;
    }

    /**
     * @param window  "would apply now", or why it would wait for a sync window and until when (extends the contract's
     *                shape); the windows are those the planned commit would hold (its own, added or changed, in place
     *                of its source's windows in force), judged at the current time
     * @param rollout how the change will roll out (strategy, steps, GPU peak), or null when it applies at once;
     *                extends the contract's shape
     */
    record Step(String action, AuditEvent.ResourceRef resource, String backend, JsonNode diff, String window,
                String rollout) {}

    record PlanError(String path, Integer line, String field, String message) {

        static PlanError of(SpecError e) {
            return new PlanError(e.file(), e.line() > 0 ? e.line() : null, e.field().isEmpty() ? null : e.field(),
                    e.toString());
        }
    }

    /**
     * A live resource the plan leaves as it is because of spec errors (its file fails to load, say): never a
     * step, and not counted in {@code changes}.
     *
     * @param appliedRevision the commit whose spec for it stays live, or null
     * @param reason          its errors and the commit live state keeps, in one line
     * @param errors          the errors that keep it, at their own file and line
     */
    record Kept(AuditEvent.ResourceRef resource, String backend, String appliedRevision, String reason,
                List<PlanError> errors) {}

    /**
     * {@code kept} and {@code warnings} (deprecated apiVersions, which refuse nothing) extend the contract's
     * shape; {@code changes} counts the steps only.
     */
    record PlanView(String source, String revision, SourcesController.Commit commit, int changes, List<Step> steps,
                    List<PlanError> errors, List<Kept> kept, List<PlanError> warnings) {}

    @GetMapping("/api/v1/plan")
    PlanView plan(@RequestParam(required = false) String revision, @RequestParam(required = false) String source)
            throws GitException {
        String sourceName = source == null ? reconciler.defaultSource() : source;
        PlanPreview preview = reconciler.plan(sourceName, revision == null || revision.isBlank() ? "HEAD" : revision);
        WindowGate.Run run = windows.preview(sourceName, clock.instant(), preview.engineSide());
        Map<PlanStep, String> rollouts = RolloutLines.of(preview.steps(), backends, kinds);
        List<Step> steps = preview.steps().stream().map(s -> step(s, run, rollouts.get(s))).toList();
        List<PlanError> errors = preview.errors().stream().map(PlanError::of).toList();
        List<Kept> kept = preview.kept().stream().map(k -> new Kept(ref(k.key()), k.backend(), k.appliedRevision(),
                k.reason(), k.causes().stream().map(PlanError::of).toList())).toList();
        return new PlanView(sourceName, preview.commit().id(), SourcesController.Commit.of(preview.commit()),
                steps.size(), steps, errors, kept, preview.warnings().stream().map(PlanError::of).toList());
    }

    private static AuditEvent.ResourceRef ref(ResourceKey key) {
        return new AuditEvent.ResourceRef(key.kind().apiName(), key.namespace(), key.name());
    }

    private static Step step(PlanStep s, WindowGate.Run windows, String rollout) {
        return new Step(s.action().apiName(), ref(s.key()), s.backend(), DiffJson.of(s.diff()),
                windows.hold(s, false).map(WindowGate.Held::message).orElse(WindowGate.APPLIES_NOW), rollout);
    }
}
