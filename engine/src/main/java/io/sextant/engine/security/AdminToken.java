package io.sextant.engine.security;

import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SextantProperties.ApiProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The bearer token write endpoints require: {@code sextant.api.admin-token}, the environment variable
 * named by {@code sextant.api.admin-token-env}, or one generated on first start and kept in the data
 * directory (its path is logged, never the token). It also grants read access.
 */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final BearerToken token;

    @Autowired
    public AdminToken(SextantProperties properties) {
        this(properties, System::getenv);
    }

    AdminToken(SextantProperties properties, UnaryOperator<String> env) {
        ApiProperties api = properties.api();
        String configured = ConfiguredSecret.resolve("sextant.api.admin-token", api.adminToken(), api.adminTokenEnv(), env);
        this.token = BearerToken.of(configured != null ? configured : generated(properties.dataDir()));
    }

    private static String generated(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
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

    /** Whether an {@code Authorization} header carries the admin token as a bearer token; constant time. */
    public boolean accepts(String authorizationHeader) {
        return token.matchesHeader(authorizationHeader);
    }

    BearerToken token() {
        return token;
    }
}
