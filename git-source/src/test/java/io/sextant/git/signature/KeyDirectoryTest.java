package io.sextant.git.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.GitSources;
import io.sextant.git.api.GitException;
import io.sextant.git.api.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the trusted keys directory: what counts as a key, and how a broken file is reported. */
class KeyDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void readsOpenPgpSshAndAllowedSignersKeysAndIgnoresOtherFiles() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        try (TestSigners.Signer ada = TestSigners.gpg(tmp, "ada", "Ada <ada@example.com>")) {
            ada.trust(keys);
        }
        String bob = TestSigners.ssh(tmp, "bob", "ed25519").publicKey();
        String carol = TestSigners.ssh(tmp, "carol", "ecdsa").publicKey();
        Files.writeString(keys.resolve("team.pub"), "# platform team\n" + bob + "\n" + carol);
        Files.writeString(keys.resolve("allowed_signers"), "# leads\n\ndave@example.com " + bob);
        Files.writeString(keys.resolve("README.md"), "Keys whose commits the engine applies.\n");

        TrustedKeys loaded = GitSources.trustedKeys(keys);

        assertThat(loaded.size()).isEqualTo(4);
        assertThat(loaded.directory()).isEqualTo(keys.toAbsolutePath());
    }

    @Test
    void anEmptyDirectoryTrustsNoOne() throws Exception {
        assertThat(GitSources.trustedKeys(Files.createDirectories(tmp.resolve("keys"))).size()).isZero();
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingIt() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> GitSources.trustedKeys(missing))
                .isInstanceOf(GitException.class)
                .hasMessage("trusted keys directory " + missing + " does not exist or is not a directory");
    }

    @Test
    void anAscFileThatIsNotAPublicKeyIsAnErrorNamingTheFile() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("ada.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n"
                + "-----END PGP PUBLIC KEY BLOCK-----\n");

        assertThatThrownBy(() -> GitSources.trustedKeys(keys))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith(keys.resolve("ada.asc") + " is not an OpenPGP public key block");
    }

    @Test
    void aPubFileWithABrokenKeyIsAnErrorNamingFileAndKey() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        String bob = TestSigners.ssh(tmp, "bob", "ed25519").publicKey();
        Files.writeString(keys.resolve("team.pub"), bob + "\nssh-ed25519 AAAAnotbase64!!\n");

        assertThatThrownBy(() -> GitSources.trustedKeys(keys))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith(keys.resolve("team.pub") + ": key 2 is not an SSH public key");
    }
}
