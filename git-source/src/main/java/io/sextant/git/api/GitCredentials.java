package io.sextant.git.api;

import java.nio.file.Path;

/** How to authenticate to a remote. Secrets come from the environment or files, never from Git. */
public sealed interface GitCredentials {

    /** Anonymous, or a local path / file URL. */
    record None() implements GitCredentials {}

    /** HTTPS basic auth; for a token, the token is the password (GitHub accepts any user name). */
    record UsernamePassword(String username, String password) implements GitCredentials {
        @Override
        public String toString() {
            return "UsernamePassword[username=" + username + ", password=***]";
        }
    }

    /** SSH with a private key file; {@code knownHosts} null means the user's default known_hosts. */
    record SshKey(Path privateKey, Path knownHosts) implements GitCredentials {}
}
