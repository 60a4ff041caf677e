package io.sextant.git.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** SSH key pairs and the files a client needs (private key, known_hosts line), made in-process. */
public final class SshKeys {

    private SshKeys() {
    }

    /** A fresh ECDSA P-256 key pair: supported by every SSH stack without extra providers. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key unencrypted in OpenSSH format, as {@code ssh-keygen} would. */
    public static Path writePrivateKey(KeyPair keyPair, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "sextant-test", null, out);
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** {@code ecdsa-sha2-nistp256 AAAA...}: the public key as authorized_keys and known_hosts write it. */
    public static String publicKeyLine(KeyPair keyPair) {
        return PublicKeyEntry.toString(keyPair.getPublic());
    }
}
