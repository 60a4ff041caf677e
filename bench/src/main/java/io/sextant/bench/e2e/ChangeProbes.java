package io.sextant.bench.e2e;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.bench.e2e.BenchEngine.Finished;
import io.sextant.engine.reconcile.PlanPreview;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.node.IntNode;

/**
 * What a running engine does with change: one-file commits found by a poll, by "sync now" and by a
 * webhook, each timed from the request to the end of the reconcile that applied the commit; drift
 * scans of every resource; and a dry-run plan of a commit that changes every spec.
 */
final class ChangeProbes {

    private static final Duration WAIT = Duration.ofMinutes(10);

    private final BenchEngine engine;
    private final FleetRepo repo;
    private final String url;
    private final Report report;
    private final BenchOptions options;
    private final int size;

    ChangeProbes(BenchEngine engine, FleetRepo repo, String url, Report report, BenchOptions options) {
        this.engine = engine;
        this.repo = repo;
        this.url = url;
        this.report = report;
        this.options = options;
        this.size = repo.size();
    }

    void run() throws Exception {
        Reconciler reconciler = engine.reconciler();
        Samples withoutGit = new Samples();
        report.put("one-file commit → applied, found by a poll", size,
                commits(options.commits(), () -> reconciler.request(BenchEngine.SOURCE, Trigger.POLL), withoutGit).summary());
        report.put("… of which the engine's own time (without its ls-remote and fetch)", size, withoutGit.summary());
        EngineHttp http = new EngineHttp(engine.port(), BenchOptions.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8));
        report.put("one-file commit → applied, POST /api/v1/sync (re-observes everything)", size,
                commits(Math.max(3, options.repeats()), () -> http.syncNow(BenchEngine.SOURCE), new Samples()).summary());
        String before = repo.head("main");
        Samples webhook = new Samples();
        for (int i = 0; i < options.webhooks(); i++) {
            String commit = repo.commitOneFileChange();
            long t0 = System.nanoTime();
            http.githubPush(url, before, commit);
            Finished done = awaitCommit(commit);
            webhook.addNanos(done.atNanos() - t0, done.cpuNanos());
            before = commit;
        }
        report.put("webhook → applied (signed GitHub push over HTTP)", size, webhook.summary());
        driftScans(reconciler);
        plan(reconciler);
    }

    /** A request that makes the engine look at the branch. */
    @FunctionalInterface
    private interface Request {
        void send() throws Exception;
    }

    /**
     * Times {@code count} one-file commits, each from the request to the end of its reconcile; adds to
     * {@code withoutGit} the same minus the time the engine spent in Git network operations meanwhile.
     */
    private Samples commits(int count, Request request, Samples withoutGit) throws Exception {
        Samples samples = new Samples();
        for (int i = 0; i < count; i++) {
            String commit = repo.commitOneFileChange();
            long git0 = engine.gitNanos();
            long t0 = System.nanoTime();
            request.send();
            Finished done = awaitCommit(commit);
            samples.addNanos(done.atNanos() - t0, done.cpuNanos());
            withoutGit.addNanos(done.atNanos() - t0 - (engine.gitNanos() - git0));
        }
        return samples;
    }

    private Finished awaitCommit(String commit) throws InterruptedException {
        Finished done = engine.awaitFinished(e -> e.commit() != null && e.commit().id().equals(commit), WAIT);
        SizeRun.expectApplied(done, 1);
        return done;
    }

    /** Clean scans of every resource, then one with a replica count changed behind the engine's back. */
    private void driftScans(Reconciler reconciler) throws Exception {
        Samples clean = new Samples();
        for (int i = 0; i < options.repeats(); i++) {
            driftScan(reconciler, 0, clean);
        }
        report.put("drift scan of every resource (none drifted)", size, clean.summary());
        DriftControl sim = (DriftControl) engine.bean(BackendRegistry.class).find(FleetRepo.BACKEND).orElseThrow();
        sim.setField(new ResourceKey(ModelDeployment.KIND, FleetRepo.team(0), FleetRepo.name(0)), "/spec/replicas",
                IntNode.valueOf(7));
        Samples healed = new Samples();
        driftScan(reconciler, 1, healed);
        report.put("drift scan with one drifted resource, healed (self-heal on)", size, healed.summary());
    }

    private void driftScan(Reconciler reconciler, int healed, Samples samples) throws InterruptedException {
        engine.forgetFinished();
        long t0 = System.nanoTime();
        reconciler.requestDrift(FleetRepo.BACKEND);
        Finished done = engine.awaitFinished(e -> e.trigger().equals("drift"), WAIT);
        SizeRun.expectApplied(done, healed);
        samples.addNanos(done.atNanos() - t0, done.cpuNanos());
    }

    /**
     * {@link Reconciler#plan} (what {@code GET /api/v1/plan} runs) of a side branch that changes every
     * spec: load, validate, observe and diff every resource, and order {@code size} update steps.
     */
    private void plan(Reconciler reconciler) throws Exception {
        repo.commitEveryFileOn("bench-all");
        Samples samples = new Samples();
        for (int i = 0; i <= options.repeats(); i++) {
            long t0 = System.nanoTime();
            PlanPreview preview = reconciler.plan(BenchEngine.SOURCE, "refs/heads/bench-all");
            long took = System.nanoTime() - t0;
            if (preview.steps().size() != size || !preview.errors().isEmpty()) {
                throw new IllegalStateException("the plan of a change to every spec has " + preview.steps().size()
                        + " steps and errors " + preview.errors() + ", expected " + size + " steps");
            }
            if (i == 0) {
                report.put("dry-run plan of a change to every spec, first (fetch + parse)", size, Samples.ms(took / 1e6));
            } else {
                samples.addNanos(took);
            }
        }
        report.put("dry-run plan of a change to every spec, again (parsed files cached)", size, samples.summary());
    }
}
