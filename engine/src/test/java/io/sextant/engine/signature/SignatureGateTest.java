package io.sextant.engine.signature;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.reconcile.GateVerdict;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.signature.TestSigners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The gate's decisions per mode, on commits signed by the real git client, and its start-up checks. */
@ExtendWith(OutputCaptureExtension.class)
class SignatureGateTest {

    @TempDir
    Path tmp;
    Path repo;
    Path keys;
    TestSigners.Signer ada;
    GitSource git;

    @BeforeEach
    void createRepository() {
        repo = initRepo(tmp.resolve("repo"));
        keys = tmp.resolve("keys");
        ada = TestSigners.ssh(tmp, "ada", "ed25519");
        ada.trust(keys);
        git = GitSources.open(new GitSourceSpec("fleet", repo.toString(), "main", List.of(), null, tmp.resolve("clone")));
    }

    @AfterEach
    void close() {
        git.close();
    }

    static SextantProperties properties(String mode, String trustedKeys) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("sextant.sources[0].name", "fleet");
        map.put("sextant.sources[0].url", "file:///unused");
        if (mode != null) {
            map.put("sextant.sources[0].verify-signatures.mode", mode);
        }
        if (trustedKeys != null) {
            map.put("sextant.sources[0].verify-signatures.trusted-keys", trustedKeys);
        }
        return new Binder(new MapConfigurationPropertySource(map)).bind("sextant", SextantProperties.class).get();
    }

    GateVerdict evaluate(String mode, String commit) throws Exception {
        SextantProperties properties = properties(mode, keys.toString());
        WatchedSource source = new WatchedSource(properties.sources().get(0), properties.sync(), git);
        CommitInfo info = git.fetch();
        assertThat(info.id()).isEqualTo(commit);
        return new SignatureGate(properties).evaluate(source, info);
    }

    @Test
    void requiredModeLetsACommitSignedByATrustedKeyThrough() throws Exception {
        commitFile(repo, "a.yaml", "a: 1\n", "start");
        String commit = ada.commitAll(repo, "signed by ada");

        GateVerdict verdict = evaluate("required", commit);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.reason()).isNull();
        assertThat(verdict.signedBy().fingerprint()).as("recorded on the commit's audit events")
                .isEqualTo(sshFingerprint(tmp.resolve("ada.pub")));
        assertThat(verdict.signedBy().principal()).isNotBlank();
    }

    /** The key's fingerprint as ssh-keygen prints it ({@code SHA256:...}). */
    static String sshFingerprint(java.nio.file.Path publicKey) throws Exception {
        Process process = new ProcessBuilder("ssh-keygen", "-l", "-f", publicKey.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out.split(" ")[1];
    }

    @Test
    void requiredModeBlocksAnUnsignedCommitSayingWhy() throws Exception {
        String commit = commitFile(repo, "a.yaml", "a: 1\n", "not signed");

        GateVerdict verdict = evaluate("required", commit);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("commit " + commit.substring(0, 7)
                + " is not signed by a trusted key (UNSIGNED: the commit is not signed)");
    }

    @Test
    void requiredModeBlocksACommitSignedByAnUntrustedKey() throws Exception {
        String commit = TestSigners.ssh(tmp, "mallory", "ed25519").commitAll(repo, "signed by mallory");

        GateVerdict verdict = evaluate("required", commit);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).startsWith("commit " + commit.substring(0, 7)
                + " is not signed by a trusted key (UNTRUSTED: signed with SSH key SHA256:");
    }

    @Test
    void requiredModeBlocksWhenTheTrustedKeysAreGone() throws Exception {
        String commit = ada.commitAll(repo, "signed by ada");
        SextantProperties properties = properties("required", keys.toString());
        SignatureGate gate = new SignatureGate(properties);
        Files.delete(keys.resolve("ada.pub"));
        Files.delete(keys);

        GateVerdict verdict = gate.evaluate(new WatchedSource(properties.sources().get(0), properties.sync(), git),
                git.fetch());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("cannot verify the signature of commit " + commit.substring(0, 7)
                + ": trusted keys directory " + keys + " does not exist or is not a directory");
    }

    @Test
    void warnModeAppliesAnUnsignedCommitAndLogsWhy(CapturedOutput output) throws Exception {
        String commit = commitFile(repo, "a.yaml", "a: 1\n", "not signed");

        GateVerdict verdict = evaluate("warn", commit);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.reason()).contains("is not signed by a trusted key (UNSIGNED");
        assertThat(output.getAll()).contains("WARN").contains("source=fleet commit " + commit.substring(0, 7)
                + " is not signed by a trusted key (UNSIGNED: the commit is not signed); applying it anyway"
                + " (verify-signatures: warn)");
    }

    @Test
    void offModeAndYamlsBooleanOffLookAtNothing() throws Exception {
        String commit = commitFile(repo, "a.yaml", "a: 1\n", "not signed");

        assertThat(evaluate("off", commit)).isEqualTo(GateVerdict.allow());
        assertThat(evaluate("false", commit)).isEqualTo(GateVerdict.allow());
        assertThat(evaluate(null, commit)).isEqualTo(GateVerdict.allow());
    }

    @Test
    void aMisspelledModeStopsStartUp() {
        assertThatThrownBy(() -> new SignatureGate(properties("requierd", keys.toString())))
                .hasMessage("sextant.sources[fleet].verify-signatures.mode: 'requierd' is not one of off, warn, required");
    }

    @Test
    void aGateWithoutTrustedKeysStopsStartUp() {
        assertThatThrownBy(() -> new SignatureGate(properties("required", null)))
                .hasMessageStartingWith("sextant.sources[fleet].verify-signatures.trusted-keys: a directory of trusted "
                        + "public keys is needed");
        assertThatThrownBy(() -> new SignatureGate(properties("warn", tmp.resolve("missing").toString())))
                .hasMessage("sextant.sources[fleet].verify-signatures.trusted-keys: trusted keys directory "
                        + tmp.resolve("missing") + " does not exist or is not a directory");
    }
}
