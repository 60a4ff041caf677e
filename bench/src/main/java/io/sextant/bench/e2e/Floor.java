package io.sextant.bench.e2e;

import java.nio.file.Path;

/**
 * The floor on this machine: what the {@code git} client itself takes to learn about a one-file
 * commit from the same server, {@code git fetch} plus {@code git diff --name-only}.
 */
final class Floor {

    private final FleetRepo repo;
    private final String url;
    private final Path clone;
    private final Report report;
    private final BenchOptions options;

    Floor(FleetRepo repo, String url, Path clone, Report report, BenchOptions options) {
        this.repo = repo;
        this.url = url;
        this.clone = clone;
        this.report = report;
        this.options = options;
    }

    void run() throws Exception {
        FleetRepo.Git.run(clone.getParent(), null, "clone", "-q", "--bare", url, clone.toString());
        String before = FleetRepo.Git.run(clone, null, "rev-parse", "main").trim();
        Samples samples = new Samples();
        for (int i = 0; i < options.commits(); i++) {
            String commit = repo.commitOneFileChange();
            long t0 = System.nanoTime();
            FleetRepo.Git.run(clone, null, "fetch", "-q", "origin", "+refs/heads/main:refs/heads/main");
            String changed = FleetRepo.Git.run(clone, null, "diff", "--name-only", before, commit);
            samples.addNanos(System.nanoTime() - t0);
            if (changed.isBlank()) {
                throw new IllegalStateException("git diff found no change between " + before + " and " + commit);
            }
            before = commit;
        }
        report.put("floor: git fetch + git diff --name-only of a one-file commit", repo.size(), samples.summary());
    }
}
