package io.sextant.engine.rollback;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.security.Caller;
import io.sextant.engine.security.OperatorScope;
import io.sextant.engine.security.Visibility;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/resources/{kind}/{namespace}/{name}/rollback[?to=COMMIT]}: a revert pull request (or, with
 * {@code on-abort: push}, a revert commit on the watched branch) restoring the resource's files at {@code to},
 * by default its last good revision before the current one. 202 with the pull request's URL; 409 or 422 with why.
 */
@RestController
class RollbackController {

    private final Rollbacks rollbacks;
    private final ResourceTracker tracker;
    private final Kinds kinds;

    RollbackController(Rollbacks rollbacks, ResourceTracker tracker, Kinds kinds) {
        this.rollbacks = rollbacks;
        this.tracker = tracker;
        this.kinds = kinds;
    }

    @PostMapping("/api/v1/resources/{kind}/{namespace}/{name}/rollback")
    ResponseEntity<?> rollback(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                               @RequestParam(required = false) String to) {
        Optional<KindDefinition> definition = kinds.find(kind);
        Visibility visible = Visibility.ofCaller();
        Optional<TrackedResource> resource = definition.flatMap(d -> tracker.findShared( // any replica, not only one that ran the source
                new ResourceKey(Kind.of(d.kind()), namespace, name))).filter(r -> visible.sees(namespace, r.backend()));
        if (resource.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "no resource " + kind + "/" + namespace + "/" + name);
        }
        if (!OperatorScope.mayOperate(namespace, resource.get().backend())) {
            return problem(HttpStatus.FORBIDDEN, "a rollback in namespace '" + namespace
                    + "' needs the operator or admin role there");
        }
        if (to != null && !to.matches("[0-9A-Za-z._/-]{1,200}")) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, "to: '" + to + "' is not a commit id, branch or tag");
        }
        Optional<Caller> person = Caller.person();
        AuditEvent.Actor actor = person.map(c -> new AuditEvent.Actor(c.subject(), c.email())).orElse(null);
        String who = person.map(c -> c.email() != null ? c.email() : c.subject()).orElse("the admin token");
        RollbackResult result = rollbacks.request(resource.get().key(), to, actor,
                new Evidence("requested by " + who + "; status: " + resource.get().message(), List.of()));
        Map<String, Object> body = new LinkedHashMap<>();
        if (result instanceof RollbackResult.Opened opened) {
            body.put("state", "opened");
            body.put("url", opened.url());
            body.put("number", opened.number());
            body.put("branch", opened.branch());
            body.put("commit", opened.commit());
            body.put("target", opened.target());
            body.put("created", opened.created());
        } else if (result instanceof RollbackResult.Pushed pushed) {
            body.put("state", "pushed");
            body.put("branch", pushed.branch());
            body.put("commit", pushed.commit());
            body.put("target", pushed.target());
        } else if (result instanceof RollbackResult.Retrying retrying) {
            body.put("state", "retrying");
            body.put("error", retrying.error());
            body.put("attempts", retrying.attempts());
            body.put("nextAttemptAt", retrying.nextAttemptAt().toString());
        } else if (result instanceof RollbackResult.Refused refused) {
            return problem(HttpStatus.valueOf(refused.status()), refused.detail());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
