package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initBare;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.testing.GitSshServer;
import io.sextant.git.testing.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source over SSH with a private key file, against a real SSH server running JGit's upload-pack. */
class SshTest {

    @TempDir
    Path tmp;
    GitSshServer server;
    KeyPair clientKey;
    Path work;

    @BeforeEach
    void startServer() {
        Path bare = initBare(tmp.resolve("repos/platform.git"));
        work = initRepo(tmp.resolve("work"));
        commitFile(work, "deploy/a.yaml", "a: 1\n", "first");
        git(work, "push", "-q", bare.toString(), "main");
        clientKey = SshKeys.generate();
        server = GitSshServer.start(tmp.resolve("repos"), clientKey.getPublic());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitSource open(KeyPair key, Path knownHosts) {
        Path keyFile = SshKeys.writePrivateKey(key, tmp.resolve("id_" + key.hashCode()));
        return GitSources.open(new GitSourceSpec("platform", server.url("platform"), "main", List.of(),
                new GitCredentials.SshKey(keyFile, knownHosts), tmp.resolve("cache")));
    }

    @Test
    void clonesFetchesAndPollsOverSshWithAKeyFile() throws Exception {
        Path knownHosts = server.writeKnownHosts(tmp.resolve("known_hosts"));
        try (GitSource source = open(clientKey, knownHosts)) {
            String first = source.fetch().id();
            assertThat(first).isEqualTo(git(work, "rev-parse", "HEAD").trim());
            assertThat(source.listFiles(first)).hasSize(1);

            String second = commitFile(work, "deploy/b.yaml", "b: 1\n", "second");
            git(work, "push", "-q", tmp.resolve("repos/platform.git").toString(), "main");
            assertThat(source.lsRemote()).isEqualTo(second);
            assertThat(source.fetch().id()).isEqualTo(second);
        }
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotKnown() throws Exception {
        Path emptyKnownHosts = Files.writeString(tmp.resolve("known_hosts"), "");
        try (GitSource source = open(clientKey, emptyKnownHosts)) {
            assertThatThrownBy(source::lsRemote).isInstanceOf(GitException.class)
                    .hasMessage("ls-remote " + shown(server.url("platform")) + " failed: Server key did not validate");
        }
    }

    @Test
    void namesAMissingKeyFile() {
        Path missing = tmp.resolve("no-such-key");
        try (GitSource source = GitSources.open(new GitSourceSpec("platform", server.url("platform"), "main",
                List.of(), new GitCredentials.SshKey(missing, null), tmp.resolve("cache")))) {
            assertThatThrownBy(source::lsRemote).isInstanceOf(GitException.class)
                    .hasMessage("SSH private key " + missing + " for " + shown(server.url("platform")) + " is missing or unreadable");
        }
    }

    @Test
    void anUnauthorizedKeyIsAGitException() {
        Path knownHosts = server.writeKnownHosts(tmp.resolve("known_hosts"));
        try (GitSource source = open(SshKeys.generate(), knownHosts)) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitException.class)
                    .hasMessageContaining(shown(server.url("platform")));
        }
    }

    /** A URL as errors show it: the whole user information masked, the SSH user name included. */
    private static String shown(String url) {
        return url.replaceFirst("//[^/@]+@", "//***@");
    }
}
