package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.SextantProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the admin and read tokens come from, and how they are matched. */
class TokensTest {

    @TempDir
    Path dataDir;

    SextantProperties api(String admin, String adminEnv, String read, String readEnv) {
        return Settings.api(dataDir, admin, adminEnv, read, readEnv);
    }

    static UnaryOperator<String> env(Map<String, String> variables) {
        return variables::get;
    }

    @Test
    void tokensComeFromTheEnvironmentVariablesNamedInConfiguration() {
        UnaryOperator<String> env = env(Map.of("ADMIN_T", "from-env-admin\n", "READ_T", "from-env-read"));
        AdminToken admin = new AdminToken(api(null, "ADMIN_T", null, null), env);
        ReadToken read = new ReadToken(api(null, "ADMIN_T", null, "READ_T"), admin, env);

        assertThat(admin.accepts("Bearer from-env-admin")).isTrue();
        assertThat(read.required()).isTrue();
        assertThat(read.accepts("Bearer from-env-read")).isTrue();
        assertThat(read.accepts("Bearer from-env-admin")).as("read token only").isFalse();
        assertThat(Files.exists(dataDir.resolve("admin-token"))).as("nothing generated").isFalse();
    }

    @Test
    void aMissingVariableStopsStartUpNamingTheVariableNotAValue() {
        assertThatThrownBy(() -> new AdminToken(api(null, "NOT_THERE", null, null), env(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sextant.api.admin-token-env: environment variable NOT_THERE is not set or empty");
        AdminToken admin = new AdminToken(api("a-token", null, null, null), env(Map.of()));
        assertThatThrownBy(() -> new ReadToken(api("a-token", null, null, "EMPTY"), admin, env(Map.of("EMPTY", " "))))
                .hasMessageContaining("sextant.api.read-token-env: environment variable EMPTY");
    }

    @Test
    void settingATokenTwiceIsRefused() {
        assertThatThrownBy(() -> new AdminToken(api("x-token", "ADMIN_T", null, null), env(Map.of("ADMIN_T", "y"))))
                .hasMessage("sextant.api.admin-token: is set, and so is sextant.api.admin-token-env");
    }

    @Test
    void aReadTokenEqualToTheAdminTokenIsRefused() {
        AdminToken admin = new AdminToken(api("same-token", null, "same-token", null), env(Map.of()));
        assertThatThrownBy(() -> new ReadToken(api("same-token", null, "same-token", null), admin, env(Map.of())))
                .hasMessageContaining("a read-only token must differ")
                .hasMessageNotContaining("same-token");
    }

    @Test
    void withoutConfigurationAnAdminTokenIsGeneratedOnceAndKeptOwnerOnly() throws Exception {
        AdminToken first = new AdminToken(api(null, null, null, null), env(Map.of()));
        String generated = Files.readString(dataDir.resolve("admin-token")).trim();
        AdminToken second = new AdminToken(api(null, null, null, null), env(Map.of()));

        assertThat(generated).matches("[0-9a-f]{64}");
        assertThat(first.accepts("Bearer " + generated)).isTrue();
        assertThat(second.accepts("Bearer " + generated)).as("kept across restarts").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("admin-token"))))
                .isEqualTo("rw-------");
        assertThat(new ReadToken(api(null, null, null, null), first, env(Map.of())).required()).isFalse();
    }

    @Test
    void onlyTheExactBearerTokenMatches() {
        BearerToken token = BearerToken.of("s3cret-value");
        assertThat(token.matchesHeader("Bearer s3cret-value")).isTrue();
        assertThat(token.matchesHeader("bearer  s3cret-value ")).isTrue();
        assertThat(token.matchesHeader("Bearer s3cret-valu")).isFalse();
        assertThat(token.matchesHeader("Bearer s3cret-value2")).isFalse();
        assertThat(token.matchesHeader("Basic s3cret-value")).isFalse();
        assertThat(token.matchesHeader("s3cret-value")).isFalse();
        assertThat(token.matchesHeader("Bearer ")).isFalse();
        assertThat(token.matchesHeader(null)).isFalse();
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
