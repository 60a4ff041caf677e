package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initRepo;
import static io.sextant.git.testing.GitCli.writeFile;
import static io.sextant.git.testing.GitCli.writeLargeFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.Blob;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec file over the source's size limit is a result about that file, found without reading its content. */
class BlobSizeTest {

    static final long SIX_MIB = 6L * 1024 * 1024;

    @TempDir
    Path tmp;

    /** Counts the objects opened through it: opening is what reads (and for a packed blob, inflates) content. */
    static final class CountingReader extends ObjectReader.Filter {
        final ObjectReader delegate;
        final AtomicInteger opened = new AtomicInteger();

        CountingReader(ObjectReader delegate) {
            this.delegate = delegate;
        }

        @Override
        protected ObjectReader delegate() {
            return delegate;
        }

        @Override
        public ObjectLoader open(AnyObjectId objectId, int typeHint) throws java.io.IOException {
            opened.incrementAndGet();
            return delegate.open(objectId, typeHint);
        }
    }

    @Test
    void decidesABlobIsTooLargeFromItsSizeWithoutOpeningItLooseOrPacked() throws Exception {
        Path upstream = initRepo(tmp.resolve("upstream"));
        writeLargeFile(upstream, "teams/big.yaml", "# generated\n", "filler: 0123456789abcdef\n", SIX_MIB);
        writeFile(upstream, "teams/small.yaml", "a: 1\n");
        commitAll(upstream, "a big file");
        ObjectId big = ObjectId.fromString(git(upstream, "rev-parse", "HEAD:teams/big.yaml").trim());
        ObjectId small = ObjectId.fromString(git(upstream, "rev-parse", "HEAD:teams/small.yaml").trim());

        for (String storage : List.of("loose", "packed")) {
            if (storage.equals("packed")) {
                git(upstream, "gc", "-q");
            }
            try (Repository repo = new FileRepositoryBuilder().setGitDir(upstream.resolve(".git").toFile()).build();
                 CountingReader reader = new CountingReader(repo.newObjectReader())) {
                assertThat(Blobs.read(reader, big, GitSourceSpec.DEFAULT_MAX_FILE_BYTES)).as(storage)
                        .isEqualTo(new Blob.TooLarge(SIX_MIB, GitSourceSpec.DEFAULT_MAX_FILE_BYTES));
                assertThat(reader.opened).as("objects opened for the %s big blob", storage).hasValue(0);

                Blob content = Blobs.read(reader, small, GitSourceSpec.DEFAULT_MAX_FILE_BYTES);
                assertThat(new String(((Blob.Content) content).bytes(), StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
                assertThat(reader.opened).as("a blob within the limit is read").hasValue(1);
            }
        }
    }

    @Test
    void perSourceLimitSmallerThanAFileMakesItTooLargeAndLargerLoadsIt() throws Exception {
        Path upstream = initRepo(tmp.resolve("upstream"));
        writeLargeFile(upstream, "teams/spec.yaml", "a: ", "x", 100);
        commitAll(upstream, "a 100-byte file");

        try (GitSource strict = open(upstream, "strict", 99); GitSource roomy = open(upstream, "roomy", 100)) {
            String blobId = strict.listFiles("main").get(0).blobId();

            assertThat(strict.readBlob(blobId)).isEqualTo(new Blob.TooLarge(100, 99));
            assertThat(roomy.readBlob(blobId)).isInstanceOfSatisfying(Blob.Content.class,
                    content -> assertThat(content.bytes()).hasSize(100));
        }
    }

    @Test
    void defaultLimitIsFourMebibytes() throws Exception {
        Path upstream = initRepo(tmp.resolve("upstream"));
        writeLargeFile(upstream, "teams/big.yaml", "", "x", GitSourceSpec.DEFAULT_MAX_FILE_BYTES + 1);
        commitAll(upstream, "just over 4 MiB");

        try (GitSource source = GitSources.open(new GitSourceSpec("test", upstream.toString(), "main", List.of(),
                null, tmp.resolve("cache")))) {
            source.fetch();
            String blobId = source.listFiles("main").get(0).blobId();

            assertThat(source.readBlob(blobId)).isEqualTo(new Blob.TooLarge(4L * 1024 * 1024 + 1, 4L * 1024 * 1024));
        }
    }

    private GitSource open(Path upstream, String name, long maxFileBytes) throws Exception {
        GitSource source = GitSources.open(new GitSourceSpec(name, upstream.toString(), "main", List.of(), null,
                tmp.resolve(name), maxFileBytes));
        source.fetch();
        return source;
    }
}
