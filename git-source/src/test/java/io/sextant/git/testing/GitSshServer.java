package io.sextant.git.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * A real SSH Git server for tests: Apache MINA SSHD on 127.0.0.1 running JGit's upload-pack and
 * receive-pack for repositories under a root, accepting only public-key auth with one key.
 */
public final class GitSshServer implements AutoCloseable {

    private final SshServer sshd;
    private final KeyPair hostKey;

    private GitSshServer(SshServer sshd, KeyPair hostKey) {
        this.sshd = sshd;
        this.hostKey = hostKey;
    }

    /** Starts a server on a free port; {@code authorizedKey} is the only key let in, for any user. */
    public static GitSshServer start(Path repositoriesRoot, PublicKey authorizedKey) {
        Path root = repositoriesRoot.toAbsolutePath().normalize();
        KeyPair hostKey = SshKeys.generate();
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(authorizedKey, key));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new GitSshCommand(root, command));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Git SSH server", e);
        }
        return new GitSshServer(sshd, hostKey);
    }

    /** {@code ssh://git@127.0.0.1:<port>/<repoName>.git}. */
    public String url(String repoName) {
        return "ssh://git@127.0.0.1:" + port() + "/" + repoName + ".git";
    }

    public int port() {
        return sshd.getPort();
    }

    /** A known_hosts file that trusts this server's host key, and nothing else. */
    public Path writeKnownHosts(Path file) {
        try {
            Files.writeString(file, "[127.0.0.1]:" + port() + " " + SshKeys.publicKeyLine(hostKey) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the Git SSH server", e);
        }
    }
}
