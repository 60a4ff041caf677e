package io.sextant.git.signature;

import io.sextant.git.api.GitException;
import io.sextant.git.api.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * {@link TrustedKeys} read from a directory: {@code *.asc}, {@code *.pub} and {@code allowed_signers}.
 * Other files are ignored so a README or a mounted secret's metadata can sit next to the keys.
 */
public final class KeyDirectory implements TrustedKeys {

    static final String ALLOWED_SIGNERS = "allowed_signers";

    private final Path directory;
    private final PGPPublicKeyRingCollection openPgp;
    /** SSH keys from {@code *.pub} files by fingerprint ({@code SHA256:...}), with their comment or file name. */
    private final Map<String, String> sshKeys;
    private final Path allowedSigners;
    private final int allowedSignerEntries;

    private KeyDirectory(Path directory, PGPPublicKeyRingCollection openPgp, Map<String, String> sshKeys,
                         Path allowedSigners, int allowedSignerEntries) {
        this.directory = directory;
        this.openPgp = openPgp;
        this.sshKeys = Map.copyOf(sshKeys);
        this.allowedSigners = allowedSigners;
        this.allowedSignerEntries = allowedSignerEntries;
    }

    /** Reads the keys of {@code directory}; see {@link TrustedKeys}. */
    public static KeyDirectory load(Path directory) throws GitException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new GitException("trusted keys directory " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new GitException("cannot list trusted keys directory " + dir + ": " + e.getMessage(), e);
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        Map<String, String> ssh = new LinkedHashMap<>();
        Path allowed = null;
        int allowedEntries = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".asc")) {
                rings.addAll(readOpenPgp(file));
            } else if (name.endsWith(".pub")) {
                readSsh(file, ssh);
            } else if (name.equals(ALLOWED_SIGNERS)) {
                allowed = file;
                allowedEntries = keyLines(file).size();
            }
        }
        return new KeyDirectory(dir, new PGPPublicKeyRingCollection(rings), ssh, allowed, allowedEntries);
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public int size() {
        return openPgp.size() + sshKeys.size() + allowedSignerEntries;
    }

    PGPPublicKeyRingCollection openPgp() {
        return openPgp;
    }

    /** The name of a trusted {@code *.pub} key with this fingerprint. */
    Optional<String> sshKey(String fingerprint) {
        return Optional.ofNullable(sshKeys.get(fingerprint));
    }

    Optional<Path> allowedSigners() {
        return Optional.ofNullable(allowedSigners);
    }

    private static List<PGPPublicKeyRing> readOpenPgp(Path file) throws GitException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(rings::add);
            if (rings.isEmpty()) {
                throw new GitException(file + " holds no OpenPGP public key");
            }
            return rings;
        } catch (IOException | PGPException | RuntimeException e) {
            throw new GitException(file + " is not an OpenPGP public key block (export one with "
                    + "'gpg --armor --export KEY'): " + e.getMessage(), e);
        }
    }

    private static void readSsh(Path file, Map<String, String> into) throws GitException {
        List<String> lines = keyLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\\s+", 3);
            try {
                if (parts.length < 2) {
                    throw new IllegalArgumentException("expected 'TYPE BASE64 [COMMENT]'");
                }
                PublicKey key = PublicKeyEntry.parsePublicKeyEntry(parts[0] + " " + parts[1])
                        .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
                if (key == null) {
                    throw new IllegalArgumentException("unsupported key type " + parts[0]);
                }
                into.put(KeyUtils.getFingerPrint(key), parts.length > 2 ? parts[2].trim() : file.getFileName().toString());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new GitException(file + ": key " + (i + 1) + " is not an SSH public key: " + e.getMessage(), e);
            }
        }
    }

    /** Non-blank lines that are not comments. */
    private static List<String> keyLines(Path file) throws GitException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new GitException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
