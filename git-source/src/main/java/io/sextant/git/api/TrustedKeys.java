package io.sextant.git.api;

import java.nio.file.Path;

/**
 * The public keys whose commit signatures are trusted, read from one directory: OpenPGP public keys
 * in {@code *.asc} files (ASCII-armoured, as {@code gpg --armor --export} writes them), SSH public keys
 * in {@code *.pub} files (one per line, as {@code ssh-keygen} writes them), and an OpenSSH
 * {@code allowed_signers} file (as for {@code git config gpg.ssh.allowedSignersFile}, with its
 * principals, {@code namespaces}, {@code valid-after}/{@code valid-before} and {@code cert-authority}
 * options). Immutable: load again ({@code io.sextant.git.GitSources.trustedKeys}) to pick up changed files.
 */
public interface TrustedKeys {

    /** The directory the keys came from. */
    Path directory();

    /** How many keys were read (OpenPGP key rings, SSH keys, and allowed_signers entries), for logs. */
    int size();
}
