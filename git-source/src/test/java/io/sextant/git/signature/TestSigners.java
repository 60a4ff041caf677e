package io.sextant.git.signature;

import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real signing keys, made with {@code ssh-keygen} and {@code gpg} as a user makes them, and commits
 * signed with them by the {@code git} client. Nothing touches the user's own keys or agent: each
 * OpenPGP key lives in its own GnuPG home, whose agent {@link Signer#close()} stops.
 */
public final class TestSigners {

    private TestSigners() {
    }

    /** A key git can sign commits with. */
    public interface Signer extends AutoCloseable {

        /** {@code -c name=value} arguments that make git sign with this key. */
        List<String> gitConfig();

        /** The public key, as a user would put it in the trusted keys directory. */
        String publicKey();

        /** The file name the public key gets in a trusted keys directory. */
        String publicKeyFileName();

        /** Copies the public key into {@code keysDir} (created if needed), trusting it. */
        default Path trust(Path keysDir) {
            try {
                Files.createDirectories(keysDir);
                return Files.writeString(keysDir.resolve(publicKeyFileName()), publicKey());
            } catch (IOException e) {
                throw new AssertionError("cannot write the public key into " + keysDir, e);
            }
        }

        /** Stages everything and makes a signed commit; returns its id. */
        default String commitAll(Path repo, String message) {
            GitCli.git(repo, "add", "-A");
            List<String> args = new ArrayList<>(gitConfig());
            args.addAll(List.of("commit", "-q", "-S", "--allow-empty", "-m", message));
            GitCli.git(repo, args.toArray(String[]::new));
            return GitCli.head(repo);
        }

        /** Revokes the key; {@link #publicKey()} then carries the revocation. */
        default void revoke() {
            throw new UnsupportedOperationException("only OpenPGP keys carry revocations");
        }

        @Override
        default void close() {
        }
    }

    /** An SSH key of {@code type} ({@code ed25519}, {@code ecdsa}, {@code rsa}) in {@code dir}. */
    public static Signer ssh(Path dir, String name, String type) {
        Path key = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name + "@example.com", "-f", key.toString()));
        Path publicKey = dir.resolve(name + ".pub");
        return new Signer() {
            @Override
            public List<String> gitConfig() {
                return List.of("-c", "gpg.format=ssh", "-c", "user.signingkey=" + publicKey);
            }

            @Override
            public String publicKey() {
                return read(publicKey);
            }

            @Override
            public String publicKeyFileName() {
                return name + ".pub";
            }
        };
    }

    /** An Ed25519 OpenPGP key for {@code userId} ({@code Ada <ada@example.com>}) in a GnuPG home under {@code dir}. */
    public static Signer gpg(Path dir, String name, String userId) {
        Path home = dir.resolve(name + "-gnupg");
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Path wrapper = dir.resolve(name + "-gpg.sh");
            // git runs gpg.program with its own arguments; the wrapper pins the home and a no-prompt mode
            Files.writeString(wrapper, "#!/bin/sh\nexec gpg --homedir '" + home + "' --batch --pinentry-mode loopback"
                    + " --passphrase '' \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            run(List.of(wrapper.toString(), "--quick-gen-key", userId, "ed25519", "sign", "never"));
            String fingerprint = run(List.of(wrapper.toString(), "--with-colons", "--list-keys")).lines()
                    .filter(line -> line.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
            return new Signer() {
                @Override
                public List<String> gitConfig() {
                    return List.of("-c", "gpg.format=openpgp", "-c", "gpg.program=" + wrapper,
                            "-c", "user.signingkey=" + fingerprint);
                }

                @Override
                public String publicKey() {
                    return run(List.of(wrapper.toString(), "--armor", "--export", fingerprint));
                }

                @Override
                public void revoke() {
                    Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
                    // gpg writes the certificate with a leading ':' so it cannot be imported by accident
                    String text = read(certificate).replace(":-----BEGIN", "-----BEGIN");
                    Path importable = dir.resolve(name + "-revocation.asc");
                    try {
                        Files.writeString(importable, text);
                    } catch (IOException e) {
                        throw new AssertionError("cannot write " + importable, e);
                    }
                    run(List.of(wrapper.toString(), "--import", importable.toString()));
                }

                @Override
                public String publicKeyFileName() {
                    return name + ".asc";
                }

                @Override
                public void close() {
                    run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
                }
            };
        } catch (IOException e) {
            throw new AssertionError("cannot set up a GnuPG home in " + home, e);
        }
    }

    /** Runs a command; returns stdout, or fails with stderr. */
    static String run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("signer-out", ".txt");
            err = Files.createTempFile("signer-err", ".txt");
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + process.exitValue() + ": " + read(err));
            }
            return read(out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + " (is it installed?): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } finally {
            for (Path file : new Path[] {out, err}) {
                if (file != null) {
                    file.toFile().delete();
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
