package io.sextant.bench.e2e;

import io.sextant.bench.e2e.BenchEngine.Finished;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.engine.status.TrackedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything measured on one repository size against one engine on the {@code sim} backend: first
 * sync, idle polls, one-file commits (poll, "sync now", webhook), drift scans, a dry-run plan of a
 * change to every spec, heap; then the git CLI floor, the first sync with 10 ms per backend call, and
 * the first sync onto a {@code kubernetes} backend over HTTP ({@link KubeFirstSync}).
 */
final class SizeRun {

    private static final Duration LONG = Duration.ofMinutes(30);

    private final int size;
    private final BenchOptions options;
    private final Path work;
    private final GitHttp git;
    private final HeapSampler heap;
    private final Report report;
    private FleetRepo repo;
    private String url;
    private String head;

    SizeRun(int size, BenchOptions options, Path work, GitHttp git, HeapSampler heap, Report report) {
        this.size = size;
        this.options = options;
        this.work = work;
        this.git = git;
        this.heap = heap;
        this.report = report;
    }

    void run() throws Exception {
        repo = FleetRepo.create(work.resolve("repos").resolve("fleet-" + size + ".git"), size);
        url = options.http() ? git.url("fleet-" + size + ".git") : repo.dir().toString();
        head = repo.head("main");
        heap.liveMiB();
        heap.reset();
        long started = System.nanoTime();
        try (BenchEngine engine = BenchEngine.start(work.resolve("data-" + size), url,
                BenchEngine.sim(FleetRepo.gpusNeeded(size), null), webhookSecret())) {
            Finished first = engine.awaitFinished(e -> e.commit() != null && e.commit().id().equals(head), LONG);
            expectApplied(first, size);
            report.put("first sync onto sim (engine run)", size, Samples.ms(first.event().duration().toMillis())
                    + " · CPU " + Samples.ms(first.cpuNanos() / 1e6));
            report.put("start-up + first sync (wall)", size, Samples.ms((first.atNanos() - started) / 1e6));
            report.put("peak heap during start-up + first sync", size, heap.peakMiB() + " MiB");
            checkEverythingApplied(engine, head);
            idlePolls(engine);
            new ChangeProbes(engine, repo, url, report, options).run();
            report.put("live heap after full GC (engine holding the fleet)", size, heap.liveMiB() + " MiB");
            report.put("peak heap over the whole run", size, heap.peakMiB() + " MiB");
            new Floor(repo, url, work.resolve("floor-" + size), report, options).run();
        }
        if (options.latencySizes().contains(size)) {
            firstSyncWithLatency();
        }
        if (options.kubeSizes().contains(size)) {
            new KubeFirstSync(repo, url, work.resolve("kube-" + size), webhookSecret(), report).run();
        }
    }

    /** An unchanged poll must cost one ls-remote: count HTTP requests and Git operations around it. */
    private void idlePolls(BenchEngine engine) throws Exception {
        Reconciler reconciler = engine.reconciler();
        Samples took = new Samples();
        long requests = -1;
        for (int i = 0; i < options.repeats(); i++) {
            engine.forgetFinished();
            long httpBefore = git.requests();
            long lsBefore = engine.gitOperations("ls_remote");
            long fetchBefore = engine.gitOperations("fetch");
            long t0 = System.nanoTime();
            reconciler.request(BenchEngine.SOURCE, Trigger.POLL);
            Finished done = engine.awaitFinished(e -> e.trigger().equals("poll"), LONG);
            took.addNanos(done.atNanos() - t0, done.cpuNanos());
            if (!done.event().result().equals("skipped")) {
                throw new IllegalStateException("an unchanged poll did more than check the branch: " + done.event());
            }
            long ls = engine.gitOperations("ls_remote") - lsBefore;
            long fetches = engine.gitOperations("fetch") - fetchBefore;
            if (ls != 1 || fetches != 0) {
                throw new IllegalStateException("an unchanged poll made " + ls + " ls-remotes and " + fetches + " fetches");
            }
            requests = git.requests() - httpBefore;
        }
        report.put("unchanged poll: time", size, took.summary());
        report.put("unchanged poll: Git HTTP requests / ls-remotes / fetches / specs parsed", size,
                (options.http() ? Long.toString(requests) : "–") + " / 1 / 0 / 0");
    }

    private void firstSyncWithLatency() throws Exception {
        try (BenchEngine engine = BenchEngine.start(work.resolve("latency-" + size), url,
                BenchEngine.sim(FleetRepo.gpusNeeded(size), "10ms"), webhookSecret())) {
            String now = repo.head("main");
            Finished first = engine.awaitFinished(e -> e.commit() != null && e.commit().id().equals(now), LONG);
            expectApplied(first, size);
            report.put("first sync, 10 ms per backend call (engine run)", size,
                    Samples.ms(first.event().duration().toMillis()));
        }
    }

    private void checkEverythingApplied(BenchEngine engine, String commit) {
        long applied = engine.tracker().all().stream().map(TrackedResource::appliedRevision)
                .filter(commit::equals).count();
        if (applied != size) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "after the first sync %d of %d resources run commit %s", applied, size, commit));
        }
    }

    static void expectApplied(Finished finished, int steps) {
        if (finished.event().applied() != steps || finished.event().failed() > 0 || !finished.event().errors().isEmpty()) {
            throw new IllegalStateException("expected " + steps + " applied steps and no errors, got "
                    + finished.event().result() + ": " + finished.event().applied() + " applied, "
                    + finished.event().failed() + " failed, errors " + finished.event().errors());
        }
    }

    private Path webhookSecret() throws Exception {
        Path file = work.resolve("webhook-secret");
        if (!Files.exists(file)) {
            Files.writeString(file, BenchOptions.WEBHOOK_SECRET + "\n");
        }
        return file;
    }
}
