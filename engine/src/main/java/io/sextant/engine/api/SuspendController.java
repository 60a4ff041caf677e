package io.sextant.engine.api;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.SourceView;
import io.sextant.engine.security.Caller;
import io.sextant.engine.security.OperatorScope;
import io.sextant.engine.security.Visibility;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.engine.suspend.SuspendActions;
import io.sextant.engine.suspend.Suspension;
import io.sextant.engine.suspend.SuspensionStore;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Suspend and resume a resource (an operator of its namespace, or an admin) or a whole source (an admin):
 * while suspended nothing changes it, drift is reported but not healed. Both are idempotent: suspending what
 * is suspended, or resuming what is not, answers 200 with the state as it is and records nothing. The reason
 * comes as {@code ?reason=} or as a JSON body {@code {"reason": "..."}}.
 */
@RestController
class SuspendController {

    /** Long enough for a sentence and a ticket link; a reason is shown on every status it holds. */
    static final int MAX_REASON = 500;

    private final ResourceTracker tracker;
    private final Kinds kinds;
    private final Reconciler reconciler;
    private final SuspensionStore store;
    private final SuspendActions actions;

    SuspendController(ResourceTracker tracker, Kinds kinds, Reconciler reconciler, SuspensionStore store,
                      SuspendActions actions) {
        this.tracker = tracker;
        this.kinds = kinds;
        this.reconciler = reconciler;
        this.store = store;
        this.actions = actions;
    }

    /** The optional JSON body. */
    record ReasonBody(String reason) {}

    @PostMapping("/api/v1/resources/{kind}/{namespace}/{name}/suspend")
    ResourceItem suspend(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name,
                         @RequestParam(required = false) String reason, @RequestBody(required = false) ReasonBody body) {
        TrackedResource resource = operable(kind, namespace, name);
        actions.suspend(new Suspension.OfResource(resource.key()), resource.source(), resource.backend(), actor(),
                reason(reason, body));
        return ResourceItem.of(resource, kinds, store.all());
    }

    @PostMapping("/api/v1/resources/{kind}/{namespace}/{name}/resume")
    ResourceItem resume(@PathVariable String kind, @PathVariable String namespace, @PathVariable String name) {
        TrackedResource resource = operable(kind, namespace, name);
        Suspension.OfResource target = new Suspension.OfResource(resource.key());
        if (store.find(target).isEmpty() && store.find(new Suspension.OfSource(resource.source())).isPresent()) {
            throw problem(HttpStatus.CONFLICT, resource.key() + " is held by the suspension of its source '"
                    + resource.source() + "', not its own: POST /api/v1/sources/" + resource.source()
                    + "/resume (an admin) to resume it");
        }
        actions.resume(target, resource.source(), resource.backend(), actor());
        return ResourceItem.of(resource, kinds, store.all());
    }

    @PostMapping("/api/v1/sources/{name}/suspend")
    SourcesController.SourceItem suspendSource(@PathVariable String name, @RequestParam(required = false) String reason,
                                               @RequestBody(required = false) ReasonBody body) {
        SourceView source = source(name);
        actions.suspend(new Suspension.OfSource(name), name, null, actor(), reason(reason, body));
        return SourcesController.item(source, store.find(new Suspension.OfSource(name)).orElse(null));
    }

    @PostMapping("/api/v1/sources/{name}/resume")
    SourcesController.SourceItem resumeSource(@PathVariable String name) {
        SourceView source = source(name);
        actions.resume(new Suspension.OfSource(name), name, null, actor());
        return SourcesController.item(source, null);
    }

    /**
     * The resource, if the caller may act on it. One they may not see answers as one that does not exist (404,
     * as the reads do); one they see but may not operate (a viewer of its namespace) is a 403.
     */
    private TrackedResource operable(String kind, String namespace, String name) {
        KindDefinition definition = kinds.find(kind).orElseThrow(() -> new IllegalArgumentException(
                "unknown kind '" + kind + "' (expected " + kinds.expected() + ")"));
        ResourceKey key = new ResourceKey(Kind.of(definition.kind()), namespace, name);
        Visibility visible = Visibility.ofCaller();
        // The shared view: in a cluster the replica asked may never have run the resource's source (another
        // replica's Quartz job did), and its memory alone answered 404 to a resume of a suspended resource.
        TrackedResource resource = tracker.findShared(key).filter(r -> visible.sees(r.key().namespace(), r.backend()))
                .orElseThrow(() -> new NoSuchElementException("no resource " + key));
        if (!OperatorScope.mayOperate(namespace, resource.backend())) {
            throw problem(HttpStatus.FORBIDDEN, "suspending or resuming " + key
                    + " needs the operator or admin role in namespace '" + namespace + "'");
        }
        return resource;
    }

    private SourceView source(String name) {
        return reconciler.sources().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no source '" + name + "'"));
    }

    private static String reason(String query, ReasonBody body) {
        String reason = query != null ? query : body == null ? null : body.reason();
        if (reason == null || reason.isBlank()) {
            return null;
        }
        reason = reason.strip();
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason: at most " + MAX_REASON + " characters (got "
                    + reason.length() + ")");
        }
        // One line: it is shown in statuses, logs and notifications, where a line break could forge another line.
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason: must be one line without control characters");
        }
        return reason;
    }

    private static AuditEvent.Actor actor() {
        return Caller.person().map(p -> new AuditEvent.Actor(p.subject(), p.email())).orElse(SuspendActions.ADMIN_TOKEN);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
