package io.sextant.git.signature;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.gitWithInput;
import static io.sextant.git.testing.GitCli.initRepo;

import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.TrustedKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository and a trusted keys directory for commits signed by the real {@code git} client with keys
 * made by {@code ssh-keygen} and {@code gpg}, checked through {@link GitSource#verifySignature}.
 */
abstract class SignedRepositoryTest {

    @TempDir
    Path tmp;
    Path repo;
    Path keys;
    GitSource source;

    @BeforeEach
    void createRepository() {
        repo = initRepo(tmp.resolve("repo"));
        keys = tmp.resolve("keys");
        commitFile(repo, "a.yaml", "a: 0\n", "unsigned start");
        source = GitSources.open(new GitSourceSpec("t", repo.toString(), "main", List.of(), null, tmp.resolve("cache")));
    }

    @AfterEach
    void closeSource() {
        source.close();
    }

    SignatureCheck check(String commit) throws Exception {
        source.fetch();
        return source.verifySignature(commit, GitSources.trustedKeys(keys));
    }

    /** A copy of a signed commit with another message and the original signature, as a forger would make. */
    String alter(String commit) {
        String raw = git(repo, "cat-file", "commit", commit);
        String forged = raw.replace("replicas: 1", "replicas: 100");
        String id = gitWithInput(repo, forged, "hash-object", "-t", "commit", "-w", "--stdin").trim();
        git(repo, "update-ref", "refs/heads/main", id);
        return id;
    }

    static String keyOf(TestSigners.Signer signer) {
        String[] parts = signer.publicKey().strip().split(" ");
        return parts[0] + " " + parts[1];
    }
}
