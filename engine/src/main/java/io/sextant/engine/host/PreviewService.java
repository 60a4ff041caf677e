package io.sextant.engine.host;

import io.sextant.engine.reconcile.WindowGate;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import io.sextant.engine.security.Redaction;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.spec.api.Kinds;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.GitException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pull request previews, like Atlantis' plan: the plan of a pull request's head against live state,
 * posted as one comment per pull request that later pushes update in place, and a {@code sextant/plan}
 * commit status on the head that fails when the specs are invalid or the GPUs are not there.
 */
@Service
public class PreviewService {

    /** The commit status context of previews. */
    public static final String PLAN_CONTEXT = "sextant/plan";

    private static final Logger log = LoggerFactory.getLogger(PreviewService.class);

    private final SourceRegistry sources;
    private final Reconciler reconciler;
    private final BackendRegistry backends;
    private final Kinds kinds;
    private final HostClients clients;
    private final WindowGate windows;
    private final Clock clock;
    /** One preview of a pull request at a time, so two quick pushes never make two comments. */
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    PreviewService(SourceRegistry sources, Reconciler reconciler, BackendRegistry backends, HostClients clients,
                   Kinds kinds, ObjectProvider<WindowGate> windows, Clock clock) {
        this.kinds = kinds;
        this.windows = windows.getIfAvailable(() -> WindowGate.NONE);
        this.clock = clock;
        this.sources = sources;
        this.reconciler = reconciler;
        this.backends = backends;
        this.clients = clients;
    }

    /**
     * What a preview posted.
     *
     * @param pullRequest the pull request
     * @param commit      the head commit planned
     * @param passed      whether {@code sextant/plan} is success
     * @param commentId   the plan comment, created or updated
     * @param summary     the status description
     */
    public record Preview(int pullRequest, String commit, boolean passed, long commentId, String summary) {}

    /**
     * Plans the head of a pull request of a source and posts the result to it.
     *
     * @param headSha the head commit the host reported, or null for whatever the pull request's ref holds now
     * @throws NoSuchElementException  when there is no such source
     * @throws IllegalStateException   when the source has no {@code host} configured
     * @throws HostApiException        when the host refused or could not be reached
     */
    public Preview preview(String source, int pullRequest, String headSha) throws HostApiException {
        WatchedSource watched = sources.find(source)
                .orElseThrow(() -> new NoSuchElementException("no source named '" + source + "'"));
        HostClient client = clients.forSource(source).orElseThrow(() -> new IllegalStateException(
                "source '" + source + "' has no host configured (sextant.sources[].host) to post previews to"));
        synchronized (locks.computeIfAbsent(source + "#" + pullRequest, k -> new Object())) {
            String commit = headSha;
            PlanPreview plan = null;
            String failure = null;
            try {
                commit = fetchHead(watched, client.pullRequestRef(pullRequest), headSha);
                plan = reconciler.plan(source, commit);
            } catch (GitException e) {
                failure = Redaction.text(e.getMessage()); // a comment is public to everyone who reads the PR
            }
            if (commit == null) {
                throw new HostApiException("cannot preview pull request #" + pullRequest + " of source '" + source
                        + "': " + failure, 0);
            }
            List<GpuDelta> gpus = plan == null ? List.of() : GpuDelta.of(plan.steps(), backends, kinds);
            boolean passed = plan != null && plan.errors().isEmpty() && gpus.stream().noneMatch(GpuDelta::exceedsCapacity);
            String body = plan == null ? unplannable(commit, failure) : PlanComment.render(plan, gpus,
                    RolloutLines.markdown(plan.steps(), backends, kinds), passed, kinds,
                    windows.preview(source, clock.instant(), plan.engineSide()));
            String summary = plan == null ? "cannot plan: " + failure : PlanComment.summary(plan, gpus);
            HostClient.Comment comment = upsert(client, pullRequest, body);
            client.setStatus(commit, passed ? HostClient.CommitState.SUCCESS : plan == null
                    ? HostClient.CommitState.ERROR : HostClient.CommitState.FAILURE, PLAN_CONTEXT, summary, comment.url());
            log.info("source={} pullRequest={} commit={} plan={} ({})", source, pullRequest, commit.substring(0, 7),
                    passed ? "passed" : "failed", summary);
            return new Preview(pullRequest, commit, passed, comment.id(), summary);
        }
    }

    /** Brings the pull request's head into the local clone; returns the commit to plan. */
    private static String fetchHead(WatchedSource source, String ref, String headSha) throws GitException {
        if (headSha == null) {
            return source.git().fetchRevision(ref).id();
        }
        try {
            source.git().fetchRevision(ref);
        } catch (GitException e) {
            // the plan fetches the commit by id instead (the ref may be gone once a pull request closes)
            log.debug("fetching {} failed: {}", ref, e.getMessage());
        }
        return headSha;
    }

    /** Updates the pull request's plan comment, or creates it when there is none (or it cannot be edited). */
    private static HostClient.Comment upsert(HostClient client, int pullRequest, String body) throws HostApiException {
        for (HostClient.Comment existing : client.comments(pullRequest)) {
            if (PlanComment.isPlanComment(existing.body())) {
                try {
                    return client.updateComment(pullRequest, existing.id(), body);
                } catch (HostApiException e) {
                    if (e.status() != 403 && e.status() != 404) {
                        throw e;
                    }
                    // someone else's comment that merely starts with our marker: post our own
                    log.warn("cannot update comment {} on pull request #{} ({}); posting a new one", existing.id(),
                            pullRequest, e.getMessage());
                    break;
                }
            }
        }
        return client.createComment(pullRequest, body);
    }

    private static String unplannable(String commit, String failure) {
        return PlanComment.MARKER + "\n### ❌ Sextant cannot plan commit `" + commit.substring(0, Math.min(7,
                commit.length())) + "`\n\n" + failure.replace("<", "&lt;") + "\n";
    }
}
