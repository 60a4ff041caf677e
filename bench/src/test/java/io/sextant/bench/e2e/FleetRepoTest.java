package io.sextant.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.spec.api.LoadResult;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.api.ValidationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's inputs are what it claims: a repository of valid ModelDeployments served over smart
 * HTTP, whose one-file commits change one file, and whose idle check costs the requests it reports.
 */
class FleetRepoTest {

    @TempDir
    Path dir;

    @Test
    void generatedFleetIsValidSpecsOneFileEach() throws Exception {
        FleetRepo repo = FleetRepo.create(dir.resolve("fleet.git"), 40);
        List<SpecDocument> documents = new ArrayList<>();
        SpecLoader loader = new SpecLoader();
        for (int i = 0; i < repo.size(); i++) {
            String path = FleetRepo.path(i);
            byte[] content = FleetRepo.Git.run(repo.dir(), null, "show", "main:" + path).getBytes(StandardCharsets.UTF_8);
            LoadResult result = loader.load(path, content);
            assertThat(result.errors()).as(path).isEmpty();
            documents.addAll(result.documents());
        }
        assertThat(documents).hasSize(40);
        assertThat(new SpecValidator(new ValidationContext(Set.of(FleetRepo.BACKEND), Map.of())).validate(documents))
                .isEmpty();
        assertThat(documents.stream().filter(d -> !io.sextant.spec.api.Kinds.builtIn().dependsOn(d.resource()).isEmpty())).hasSize(10);
    }

    @Test
    void oneFileCommitChangesExactlyOneSpec() throws Exception {
        FleetRepo repo = FleetRepo.create(dir.resolve("fleet.git"), 30);
        String before = repo.head("main");

        String after = repo.commitOneFileChange();

        assertThat(after).isNotEqualTo(before);
        assertThat(FleetRepo.Git.run(repo.dir(), null, "diff", "--name-only", before, after).trim().split("\n"))
                .singleElement().satisfies(path -> assertThat(path).startsWith("teams/team-"));
    }

    @Test
    void servesTheRepositoryOverSmartHttpAndCountsRequests() throws Exception {
        FleetRepo repo = FleetRepo.create(dir.resolve("repos").resolve("fleet.git"), 5);
        try (GitHttp http = GitHttp.serve(dir.resolve("repos"))) {
            long before = http.requests();

            String advertised = FleetRepo.Git.run(dir, null, "ls-remote", http.url("fleet.git"), "refs/heads/main");
            FleetRepo.Git.run(dir, null, "clone", "-q", "--bare", http.url("fleet.git"), "copy.git");

            assertThat(advertised).startsWith(repo.head("main"));
            assertThat(FleetRepo.Git.run(dir.resolve("copy.git"), null, "rev-parse", "main").trim())
                    .isEqualTo(repo.head("main"));
            assertThat(http.requests() - before).isGreaterThanOrEqualTo(2);
        }
    }
}
