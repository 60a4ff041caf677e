package io.sextant.engine.rollback;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditQuery;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.host.HostApiException;
import io.sextant.engine.host.PullRequestOpener;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.GitException;
import io.sextant.git.api.Restore;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.api.Kinds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Rollback through Git: a targeted revert of the files that define a resource, as a pull request (GitLab:
 * merge request) on the source's host or, when configured, a commit on the watched branch. Git stays the only
 * source of desired state: nothing is rolled back until the revert is merged and synced as any other commit.
 * One branch per (resource, reverted commit) makes a retry or a second replica find the first attempt's work.
 * Failures of the Git server or host are retried with backoff ({@link #retryDue()}) and shown in the status.
 */
@Component
public class Rollbacks {

    static final String AUTHOR = "Sextant";
    static final String EMAIL = "sextant@users.noreply.invalid";
    private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);
    private static final Set<String> GOOD = Set.of("create", "update", "rollout-promoted", "drift-corrected");

    private final SourceRegistry sources;
    private final PullRequestOpener opener;
    private final RollbackSettings settings;
    private final ResourceTracker tracker;
    private final AuditStore audit;
    private final ApplicationEventPublisher events;
    private final SpecLoader loader;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Requests by a person (the API), retried by this process; an abort's revert is {@link #aborts}'. */
    private final Map<ResourceKey, RetryState> states = new ConcurrentHashMap<>();
    private final AbortReverts aborts;

    Rollbacks(SourceRegistry sources, PullRequestOpener opener, ResourceTracker tracker, AuditStore audit,
              ApplicationEventPublisher events, Kinds kinds, Clock clock, MeterRegistry meters, JdbcClient jdbc,
              AnalysisService analyses) {
        this.sources = sources;
        this.opener = opener;
        this.settings = new RollbackSettings(sources, opener);
        this.tracker = tracker;
        this.audit = audit;
        this.events = events;
        this.loader = new SpecLoader(kinds);
        this.clock = clock;
        this.meters = meters;
        this.aborts = new AbortReverts(this, new RevertStore(jdbc), tracker, settings, analyses, clock);
    }

    /** What an abort does in the source's Git repository. */
    public RollbackMode onAbort(String source) {
        return settings.mode(source);
    }

    /**
     * The rollback of a resource's {@code reverted} commit: an aborted rollout's revert as the database holds it
     * (whichever replica works on it), else a person's request this process retries.
     */
    public Optional<RollbackStatus> status(ResourceKey key, String reverted) {
        Optional<RollbackStatus> abort = aborts.status(key, reverted);
        return abort.isPresent() ? abort : Optional.ofNullable(states.get(key)).map(RetryState::status)
                .filter(s -> s.reverted().equals(reverted));
    }

    /**
     * The revert of an aborted rollout's {@code reverted} commit back to {@code target}, when the source asks for
     * one ({@code rollback.on-abort}): recorded in the database first, then tried at once by this process. What
     * fails, or what this process never got to (it died), any replica's next {@link #pushDue()} takes up; the
     * row's claim makes exactly one of them push it.
     */
    public void onAbort(ResourceKey key, String source, String reverted, String target, AuditEvent.Actor actor,
                        Evidence evidence) {
        if (settings.mode(source) != RollbackMode.NONE) {
            aborts.request(key, source, reverted, target, actor, evidence);
        }
    }

    /** Works on every abort's revert that is due (never tried, its backoff over, or its claimant dead). */
    public void pushDue() {
        aborts.pushDue();
    }

    /**
     * Rolls a resource back to {@code to} (null: its last good revision before the current one), by the
     * source's mode; a person's request names them in the audit event ({@code actor}, null for the engine).
     */
    public RollbackResult request(ResourceKey key, String to, AuditEvent.Actor actor, Evidence evidence) {
        // The shared status: the replica aborting a rollout may never have run the resource's source (another
        // replica's Quartz job did), and its memory alone refused the revert as "no resource".
        TrackedResource resource = tracker.findShared(key).orElse(null);
        WatchedSource source = resource == null ? null : sources.find(resource.source()).orElse(null);
        if (resource == null || source == null) {
            return count(new RollbackResult.Refused(404, "no resource " + key));
        }
        String reverted = resource.desiredRevision();
        RollbackMode mode = settings.mode(source.name());
        if (mode == RollbackMode.NONE) {
            mode = RollbackMode.PULL_REQUEST; // asked for by a person: the reviewable way
        }
        RollbackResult refused = null;
        String target = null;
        if (mode == RollbackMode.PULL_REQUEST && opener.hostOf(source.name()).isEmpty()) {
            refused = new RollbackResult.Refused(422, "source '" + source.name() + "' configures no host to open a"
                    + " revert pull request on: set sextant.sources[" + source.name() + "].host, or rollback.on-abort:"
                    + " push to commit the revert on " + source.properties().branch());
        } else if (reverted == null) {
            refused = new RollbackResult.Refused(409, key + " has no commit to roll back from");
        } else {
            try {
                target = to != null ? source.git().fetchRevision(to).id() : lastGood(resource).orElse(null);
            } catch (GitException e) {
                refused = new RollbackResult.Refused(422, "cannot roll back to '" + to + "': " + e.getMessage());
            }
            if (refused == null && target == null) {
                refused = new RollbackResult.Refused(409, key + " has no good revision before "
                        + RevertBody.shortId(reverted) + " to roll back to; name one with ?to=COMMIT");
            } else if (refused == null && target.equals(reverted)) {
                refused = new RollbackResult.Refused(409, key + " is already at " + RevertBody.shortId(target));
            }
        }
        if (refused != null) {
            record(resource, reverted, actor, "failed", ((RollbackResult.Refused) refused).detail());
            return count(refused);
        }
        RetryState state = new RetryState(key, source.name(), reverted, target, mode, evidence, actor);
        RollbackResult result = remember(key, attempt(state));
        record(resource, reverted, actor, result instanceof RollbackResult.Retrying || result
                instanceof RollbackResult.Refused ? "failed" : "succeeded", error(result));
        return result;
    }

    /** Runs the attempts whose backoff has passed, a person's and an abort's; the rollout timer calls it. */
    public void retryDue() {
        aborts.pushDue();
        for (RetryState state : states.values()) {
            if (state.due(clock.instant())) {
                RollbackResult result = remember(state.key(), attempt(state));
                if (!(result instanceof RollbackResult.Retrying)) {
                    tracker.findShared(state.key()).ifPresent(r -> record(r, state.reverted(), state.actor(),
                            result instanceof RollbackResult.Refused ? "failed" : "succeeded", error(result)));
                }
            }
        }
    }

    /** A person's request as retried in this process's memory. */
    private RollbackResult remember(ResourceKey key, Attempt attempt) {
        if (attempt.next() == null) {
            states.remove(key);
        } else {
            states.put(key, attempt.next());
        }
        return attempt.result();
    }

    /** What one attempt did, and the rollback's state after it (null when there is nothing left to do). */
    record Attempt(RollbackResult result, RetryState next) {}

    /** One try at the revert; the caller keeps the state it returns (in memory, or in the database). */
    Attempt attempt(RetryState state) {
        WatchedSource source = sources.find(state.source()).orElse(null);
        ResourceKey key = state.key();
        if (source == null) {
            return new Attempt(count(new RollbackResult.Refused(404, "no source '" + state.source() + "'")), null);
        }
        try {
            source.git().fetchRevision(state.reverted());
            List<String> paths = RevertFiles.of(source.git(), loader, key, state.target(), state.reverted());
            if (paths.isEmpty()) {
                return new Attempt(count(new RollbackResult.Refused(409, "no file defining " + key + " differs between "
                        + RevertBody.shortId(state.target()) + " and " + RevertBody.shortId(state.reverted()))), null);
            }
            boolean push = state.mode() == RollbackMode.PUSH;
            String branch = settings.branchPrefix(state.source()) + key.namespace() + "-" + key.name() + "-"
                    + state.reverted().substring(0, Math.min(12, state.reverted().length()));
            Restore.Pushed pushed = source.git().pushRestore(new Restore(state.target(), paths, branch,
                    RevertBody.commitMessage(key, state.reverted(), state.target(), paths), AUTHOR, EMAIL, push));
            if (push) {
                log.info("revert of {} from {} to {} pushed to {}: {}", key, RevertBody.shortId(state.reverted()),
                        RevertBody.shortId(state.target()), pushed.branch(), RevertBody.shortId(pushed.commitId()));
                return new Attempt(count(new RollbackResult.Pushed(pushed.branch(), pushed.commitId(), state.target())),
                        state.done("pushed", null));
            }
            PullRequestOpener.Result pr = opener.open(state.source(), branch, source.properties().branch(),
                    RevertBody.title(key, state.target()), RevertBody.body(key, state.reverted(), state.target(),
                            paths, state.evidence(), settings.dashboardUrl(state.source())));
            log.info("revert of {} from {} to {}: {}", key, RevertBody.shortId(state.reverted()),
                    RevertBody.shortId(state.target()), pr.url());
            return new Attempt(count(new RollbackResult.Opened(pr.url(), pr.number(), branch, pushed.commitId(),
                    state.target(), pr.created())), state.done("opened", pr.url()));
        } catch (GitException | HostApiException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("nothing to revert")) {
                return new Attempt(count(new RollbackResult.Refused(409, e.getMessage())), null);
            }
            RetryState failed = state.failed(e.getMessage(), clock.instant());
            log.warn("revert of {} failed (attempt {}), retried at {}: {}", key, failed.attempts(),
                    failed.nextAttemptAt(), e.getMessage());
            return new Attempt(count(new RollbackResult.Retrying(e.getMessage(), failed.attempts(),
                    failed.nextAttemptAt())), failed);
        }
    }

    /** The newest commit that was applied to the resource successfully, other than the one rolled back. */
    private Optional<String> lastGood(TrackedResource resource) {
        if (resource.appliedRevision() != null && !resource.appliedRevision().equals(resource.desiredRevision())) {
            return Optional.of(resource.appliedRevision());
        }
        ResourceKey key = resource.key();
        return audit.find(new AuditQuery(null, key.kind().apiName(), key.namespace(), key.name(), null, 1000))
                .stream().filter(e -> "succeeded".equals(e.outcome()) && GOOD.contains(e.action()))
                .map(AuditEvent::commit).filter(c -> c != null && !c.equals(resource.desiredRevision())).findFirst();
    }

    void record(TrackedResource resource, String reverted, AuditEvent.Actor actor, String outcome,
                        String error) {
        ResourceKey key = resource.key();
        AuditEvent event = audit.append(new AuditEntry(resource.source(), reverted, null, null, null, List.of(),
                "manual", new AuditEvent.ResourceRef(key.kind().apiName(), key.namespace(), key.name()),
                resource.backend(), "rollback-requested", JsonNodeFactory.instance.arrayNode(), outcome, error, 0,
                null, actor));
        events.publishEvent(new AuditRecorded(event));
    }

    static String error(RollbackResult result) {
        if (result instanceof RollbackResult.Refused r) {
            return r.detail();
        }
        return result instanceof RollbackResult.Retrying r ? r.error() + " (retried at " + r.nextAttemptAt() + ")"
                : null;
    }

    private RollbackResult count(RollbackResult result) {
        String outcome = result instanceof RollbackResult.Opened ? "opened"
                : result instanceof RollbackResult.Pushed ? "pushed"
                : result instanceof RollbackResult.Refused ? "refused" : "failed";
        meters.counter("sextant.rollout.rollback.requests", "outcome", outcome).increment();
        return result;
    }
}
