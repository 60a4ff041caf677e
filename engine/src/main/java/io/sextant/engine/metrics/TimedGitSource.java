package io.sextant.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.git.api.Blob;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.SpecFile;
import io.sextant.git.api.TrustedKeys;
import java.util.List;

/**
 * A source's Git access that times its network operations ({@code ls-remote} and fetches) into
 * {@code sextant_git_operation_seconds{source, operation, result}}. Local reads are not timed.
 */
final class TimedGitSource implements GitSource {

    static final String METRIC = "sextant.git.operation";

    /** One Git network operation that may fail. */
    @FunctionalInterface
    private interface Operation<T> {
        T call() throws GitException;
    }

    private final String source;
    private final GitSource delegate;
    private final MeterRegistry registry;

    TimedGitSource(String source, GitSource delegate, MeterRegistry registry) {
        this.source = source;
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public String lsRemote() throws GitException {
        return timed("ls_remote", delegate::lsRemote);
    }

    @Override
    public CommitInfo fetch() throws GitException {
        return timed("fetch", delegate::fetch);
    }

    @Override
    public CommitInfo fetchRevision(String refOrCommit) throws GitException {
        return timed("fetch", () -> delegate.fetchRevision(refOrCommit));
    }

    @Override
    public CommitInfo resolve(String revision) throws GitException {
        return delegate.resolve(revision);
    }

    @Override
    public List<SpecFile> listFiles(String commitId) throws GitException {
        return delegate.listFiles(commitId);
    }

    @Override
    public List<PathChange> changes(String fromCommitId, String toCommitId) throws GitException {
        return delegate.changes(fromCommitId, toCommitId);
    }

    @Override
    public Blob readBlob(String blobId) throws GitException {
        return delegate.readBlob(blobId);
    }

    @Override
    public long maxFileBytes() {
        return delegate.maxFileBytes();
    }

    @Override
    public SignatureCheck verifySignature(String commitId, TrustedKeys keys) throws GitException {
        return delegate.verifySignature(commitId, keys);
    }

    @Override
    public io.sextant.git.api.Restore.Pushed pushRestore(io.sextant.git.api.Restore restore) throws GitException {
        return delegate.pushRestore(restore);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T timed(String operation, Operation<T> call) throws GitException {
        long start = System.nanoTime();
        String result = "failure";
        try {
            T value = call.call();
            result = "success";
            return value;
        } finally {
            timer(registry, source, operation, result)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The timer of one source's operation and result; also registered at start-up, at zero. */
    static Timer timer(MeterRegistry registry, String source, String operation, String result) {
        return Timer.builder(METRIC)
                .description("Git network operations (ls-remote, fetch) by source and result")
                .tags("source", source, "operation", operation, "result", result)
                .serviceLevelObjectives(Buckets.DURATIONS)
                .register(registry);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
