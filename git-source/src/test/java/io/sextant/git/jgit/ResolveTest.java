package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving what a user may type as a revision ("plan this commit") in the local clone. */
class ResolveTest {

    @TempDir
    Path tmp;
    Path upstream;
    String first;
    String second;

    @BeforeEach
    void createUpstream() {
        upstream = initRepo(tmp.resolve("upstream"));
        first = commitFile(upstream, "a.yaml", "a: 1\n", "first");
        git(upstream, "tag", "-a", "v1", "-m", "release 1");
        git(upstream, "tag", "light", first);
        second = commitFile(upstream, "a.yaml", "a: 2\n", "second");
    }

    private GitSource fetched() throws GitException {
        GitSource source = GitSources.open(new GitSourceSpec("test", upstream.toString(), "main", List.of(),
                null, tmp.resolve("cache")));
        source.fetch();
        return source;
    }

    @Test
    void resolvesFullAndAbbreviatedCommitIds() throws Exception {
        try (GitSource source = fetched()) {
            assertThat(source.resolve(first).id()).isEqualTo(first);
            assertThat(source.resolve(first.substring(0, 7)).id()).isEqualTo(first);
            assertThat(source.resolve(first.substring(0, 7)).message()).isEqualTo("first\n");
        }
    }

    @Test
    void resolvesTheBranchAndTagsThatPointIntoIt() throws Exception {
        try (GitSource source = fetched()) {
            assertThat(source.resolve("main").id()).isEqualTo(second);
            assertThat(source.resolve("refs/heads/main").id()).isEqualTo(second);
            assertThat(source.resolve("HEAD").id()).isEqualTo(second);
            assertThat(source.resolve("v1").id()).as("annotated tag, peeled").isEqualTo(first);
            assertThat(source.resolve("light").id()).isEqualTo(first);
            assertThat(source.resolve("main~1").id()).isEqualTo(first);
        }
    }

    @Test
    void anUnknownRevisionIsAClearError() throws Exception {
        try (GitSource source = fetched()) {
            assertThatThrownBy(() -> source.resolve("nope")).isInstanceOf(GitException.class)
                    .hasMessage("revision 'nope' not found");
            assertThatThrownBy(() -> source.resolve("deadbeef")).hasMessage("revision 'deadbeef' not found");
            assertThatThrownBy(() -> source.resolve("")).isInstanceOf(GitException.class);
        }
    }

    @Test
    void aTreeOrBlobIsNotACommit() throws Exception {
        try (GitSource source = fetched()) {
            assertThatThrownBy(() -> source.resolve("main:a.yaml")).hasMessage("revision 'main:a.yaml' is not a commit");
        }
    }

    @Test
    void resolvingBeforeAnyFetchFindsNothing() {
        try (GitSource source = GitSources.open(new GitSourceSpec("test", upstream.toString(), "main", List.of(),
                null, tmp.resolve("cache")))) {
            assertThatThrownBy(() -> source.resolve("main")).hasMessage("revision 'main' not found");
        }
    }

    @Test
    void aClosedSourceRefusesWork() throws Exception {
        GitSource source = fetched();
        source.close();
        assertThatThrownBy(() -> source.resolve("main")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(source::lsRemote).isInstanceOf(IllegalStateException.class);
        source.close();
    }
}
