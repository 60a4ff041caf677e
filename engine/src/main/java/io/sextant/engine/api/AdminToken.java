package io.sextant.engine.api;

import io.sextant.engine.config.SextantProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bearer token write endpoints require: {@code sextant.api.admin-token}, or one generated on
 * first start and kept in the data directory (its path is logged, never the token).
 */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] token;

    public AdminToken(SextantProperties properties) {
        String configured = properties.api().adminToken();
        String value = configured != null && !configured.isBlank() ? configured : generated(properties.dataDir());
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    private static String generated(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            Files.writeString(file, value + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the data directory's ACL.
            }
            log.info("generated an admin token for write endpoints in {} (set sextant.api.admin-token to choose one)", file);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }

    /** Whether an {@code Authorization} header carries the admin token; constant time in the token. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, presented);
    }
}
