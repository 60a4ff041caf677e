package io.sextant.engine.reconcile;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.Blob;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import io.sextant.git.testing.GitCli;
import io.sextant.plugin.Kind;
import io.sextant.spec.api.LoadResult;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateLoaderTest {

    @TempDir
    Path root;

    /** Counts blob reads, i.e. files parsed. */
    static final class CountingSource implements GitSource {
        final GitSource delegate;
        final AtomicInteger reads = new AtomicInteger();

        CountingSource(GitSource delegate) {
            this.delegate = delegate;
        }

        @Override public String lsRemote() throws GitException { return delegate.lsRemote(); }
        @Override public CommitInfo fetch() throws GitException { return delegate.fetch(); }
        @Override public CommitInfo resolve(String revision) throws GitException { return delegate.resolve(revision); }
        @Override public List<SpecFile> listFiles(String commitId) throws GitException { return delegate.listFiles(commitId); }
        @Override public List<PathChange> changes(String from, String to) throws GitException { return delegate.changes(from, to); }
        @Override public void close() { delegate.close(); }

        @Override
        public Blob readBlob(String blobId) throws GitException {
            reads.incrementAndGet();
            return delegate.readBlob(blobId);
        }
    }

    static String deployment(String name, int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: team}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/%s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: L4-24GB, count: 1}}
                  replicas: %d
                """.formatted(name, name, replicas);
    }

    @Test
    void aOneFileCommitParsesOneFileWhateverTheRepositorySize() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        for (int i = 0; i < 60; i++) {
            GitCli.writeFile(work, "deploy/model-" + i + ".yaml", deployment("model-" + i, 1));
        }
        GitCli.commitAll(work, "sixty models");
        CountingSource git = new CountingSource(GitSources.open(new GitSourceSpec("t", work.toString(), "main",
                List.of("deploy/"), new GitCredentials.None(), root.resolve("clone"))));
        DesiredStateLoader loader = new DesiredStateLoader();

        DesiredState first = loader.loadFull(git, git.fetch());
        assertThat(first.byKey()).hasSize(60);
        assertThat(git.reads.get()).isEqualTo(60);

        GitCli.commitFile(work, "deploy/model-7.yaml", deployment("model-7", 3), "scale model-7");
        git.reads.set(0);
        DesiredState second = loader.loadIncremental(git, first, git.fetch());

        assertThat(git.reads.get()).as("blobs read for a one-file commit").isEqualTo(1);
        assertThat(second.changedKeys()).containsExactly(new ResourceKey(ModelDeployment.KIND, "team", "model-7"));
        assertThat(second.byKey()).hasSize(60);
        git.close();
    }

    @Test
    void aBrokenFileKeepsItsLastGoodDocumentsAndReportsTheError() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "deploy/a.yaml", deployment("a", 1));
        GitCli.commitAll(work, "one model");
        GitSource git = GitSources.open(new GitSourceSpec("t", work.toString(), "main", List.of(),
                new GitCredentials.None(), root.resolve("clone")));
        DesiredStateLoader loader = new DesiredStateLoader();
        DesiredState first = loader.loadFull(git, git.fetch());

        GitCli.commitFile(work, "deploy/a.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n", "break it");
        DesiredState broken = loader.loadIncremental(git, first, git.fetch());

        assertThat(broken.byKey()).containsOnlyKeys(new ResourceKey(ModelDeployment.KIND, "team", "a"));
        assertThat(broken.fileErrors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("deploy/a.yaml");
            assertThat(e.line()).isPositive();
        });

        git.close();
    }

    @Test
    void aFirstLoadOfManyFilesHoldsWhatParsingEachFileAloneGives() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        for (int i = 0; i < 400; i++) {
            GitCli.writeFile(work, "deploy/team-" + (i % 7) + "/model-" + i + ".yaml", deployment("model-" + i, 1 + i % 3));
        }
        GitCli.writeFile(work, "deploy/team-3/broken.yaml", "apiVersion: sextant.io/v1\nkind: [oops\n");
        GitCli.commitAll(work, "four hundred models and a broken file");
        GitSource git = GitSources.open(new GitSourceSpec("t", work.toString(), "main", List.of("deploy/"),
                new GitCredentials.None(), root.resolve("clone")));
        CommitInfo commit = git.fetch();

        DesiredState state = new DesiredStateLoader().loadFull(git, commit);

        SpecLoader alone = new SpecLoader();
        List<SpecFile> listed = git.listFiles(commit.id());
        assertThat(state.files()).hasSize(401);
        assertThat(state.files().keySet()).containsExactlyElementsOf(listed.stream().map(SpecFile::path).sorted().toList());
        for (SpecFile file : listed) {
            LoadResult expected = alone.load(file.path(), ((Blob.Content) git.readBlob(file.blobId())).bytes());
            LoadedFile loaded = state.files().get(file.path());
            assertThat(loaded.blobId()).isEqualTo(file.blobId());
            assertThat(loaded.documents()).as(file.path()).isEqualTo(expected.documents());
            assertThat(loaded.errors()).as(file.path()).isEqualTo(expected.errors());
        }
        assertThat(state.byKey()).hasSize(400);
        assertThat(state.fileErrors()).singleElement().satisfies(e -> assertThat(e.file()).isEqualTo("deploy/team-3/broken.yaml"));
        git.close();
    }
}
