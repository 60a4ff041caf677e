package io.sextant.engine.rollout;

import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.rollback.Rollbacks;
import io.sextant.engine.security.Caller;
import io.sextant.engine.security.OperatorScope;
import io.sextant.engine.security.Visibility;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/rollouts}: every resource's latest rollout, one with its analyses' measurements, and a
 * person's promote or abort (operator or admin on the resource's namespace; audited with {@code actor}).
 */
@RestController
@RequestMapping("/api/v1/rollouts")
class RolloutsController {

    private final RolloutController controller;
    private final RolloutCommands commands;
    private final AnalysisService analyses;
    private final Rollbacks rollbacks;
    private final Kinds kinds;

    RolloutsController(RolloutController controller, AnalysisService analyses, Rollbacks rollbacks, Kinds kinds) {
        this.controller = controller;
        this.commands = new RolloutCommands(controller);
        this.analyses = analyses;
        this.rollbacks = rollbacks;
        this.kinds = kinds;
    }

    @GetMapping
    Map<String, List<RolloutItem>> list() {
        Visibility visible = Visibility.ofCaller();
        return Map.of("items", controller.store().all().stream()
                .filter(s -> visible.sees(s.key().namespace(), s.backend())).map(this::item).toList());
    }

    @GetMapping("/{kind}/{namespace}/{name}")
    ResponseEntity<?> one(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        Optional<RolloutState> state = find(kind, namespace, name);
        if (state.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "no rollout of " + kind + "/" + namespace + "/" + name);
        }
        RolloutItem item = item(state.get());
        return ResponseEntity.ok(new RolloutItem.Detail(item, analyses.stored(namespace, name,
                state.get().canaryRevision())));
    }

    @PostMapping("/{kind}/{namespace}/{name}/promote")
    ResponseEntity<?> promote(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        return act(kind, namespace, name, true);
    }

    @PostMapping("/{kind}/{namespace}/{name}/abort")
    ResponseEntity<?> abort(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        return act(kind, namespace, name, false);
    }

    private ResponseEntity<?> act(String kind, String namespace, String name, boolean promote) {
        Optional<RolloutState> state = find(kind, namespace, name);
        if (state.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "no rollout of " + kind + "/" + namespace + "/" + name);
        }
        if (!OperatorScope.mayOperate(namespace, state.get().backend())) {
            return problem(HttpStatus.FORBIDDEN, (promote ? "promoting" : "aborting") + " a rollout in namespace '"
                    + namespace + "' needs the operator or admin role there");
        }
        AuditEvent.Actor actor = Caller.person().map(c -> new AuditEvent.Actor(c.subject(), c.email())).orElse(null);
        RolloutCommands.Result result = promote ? commands.promote(state.get().key(), actor)
                : commands.abort(state.get().key(), actor);
        if (!result.ok()) {
            return problem(HttpStatus.valueOf(result.status()), result.detail());
        }
        return ResponseEntity.ok(item(controller.store().find(state.get().key()).orElseThrow()));
    }

    /** A rollout the caller may not see answers exactly as one that does not exist. */
    private Optional<RolloutState> find(String kind, String namespace, String name) {
        Optional<KindDefinition> definition = kinds.find(kind);
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        Visibility visible = Visibility.ofCaller();
        return controller.store().find(new ResourceKey(Kind.of(definition.get().kind()), namespace, name))
                .filter(s -> visible.sees(namespace, s.backend()));
    }

    private RolloutItem item(RolloutState s) {
        List<String> stepList = controller.change(s.key())
                .filter(c -> c.desired().revision().equals(s.canaryRevision()))
                .map(c -> StepNames.of(c.rollout())).orElse(null);
        Integer steps = stepList == null ? null : stepList.size();
        List<String> ids = analyses.stored(s.key().namespace(), s.key().name(), s.canaryRevision()).stream()
                .map(AnalysisService.StoredRun::id).toList();
        return new RolloutItem(s.key().kind().apiName(), s.key().namespace(), s.key().name(), s.source(), s.backend(),
                "canary", s.phase().name(), steps == null ? s.step() + 1 : Math.min(s.step() + 1, steps), steps, stepList,
                s.weight(), s.stableRevision(), s.canaryRevision(), s.startedAt(), s.message(), ids,
                rollbacks.status(s.key(), s.canaryRevision()).orElse(null));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
