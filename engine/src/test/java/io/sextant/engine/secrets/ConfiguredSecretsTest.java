package io.sextant.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties.SecretProperties;
import io.sextant.plugin.BackendException;
import io.sextant.spec.kinds.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code sextant.secrets} values come from, and how a mistake reads: never with a value in it. */
class ConfiguredSecretsTest {

    @TempDir
    Path dir;

    @Test
    void readsAValueFromTheEnvironmentAFileOrAFilePerKeyEachTimeItIsAsked() throws Exception {
        Files.writeString(dir.resolve("single"), "from-file\n");
        Path mounted = Files.createDirectories(dir.resolve("s3-creds"));
        Files.writeString(mounted.resolve("access-key"), "key-id");
        ConfiguredSecrets secrets = ConfiguredSecrets.of(Map.of(
                "hf-token", new SecretProperties("HF_TOKEN_FOR_SEXTANT", null),
                "single", new SecretProperties(null, dir.resolve("single")),
                "s3-creds", new SecretProperties(null, mounted)), Map.of("HF_TOKEN_FOR_SEXTANT", "from-env")::get);

        assertThat(secrets.value(new SecretRef("hf-token", "token"))).isEqualTo("from-env");
        assertThat(secrets.value(new SecretRef("single", "anything"))).isEqualTo("from-file");
        assertThat(secrets.value(new SecretRef("s3-creds", "access-key"))).isEqualTo("key-id");
        Files.writeString(mounted.resolve("access-key"), "rotated");
        assertThat(secrets.value(new SecretRef("s3-creds", "access-key"))).as("read at apply time").isEqualTo("rotated");
    }

    @Test
    void aSecretThatCannotBeReadNamesItAndWhereTheEngineLooked() throws Exception {
        Path mounted = Files.createDirectories(dir.resolve("s3-creds"));
        Files.writeString(dir.resolve("outside"), "not-for-specs");
        ConfiguredSecrets secrets = ConfiguredSecrets.of(Map.of(
                "hf-token", new SecretProperties("UNSET_VARIABLE", null),
                "s3-creds", new SecretProperties(null, mounted)), name -> null);

        assertThatThrownBy(() -> secrets.value(new SecretRef("hf-token", "token"))).isInstanceOf(BackendException.class)
                .hasMessage("secret 'hf-token' (key 'token') cannot be resolved: environment variable UNSET_VARIABLE is not"
                        + " set or empty; configure sextant.secrets.hf-token.env or .file on the engine");
        assertThatThrownBy(() -> secrets.value(new SecretRef("other", "token")))
                .hasMessageContaining("no sextant.secrets.other is configured");
        assertThatThrownBy(() -> secrets.value(new SecretRef("s3-creds", "secret-key")))
                .hasMessageContaining("cannot read " + mounted.resolve("secret-key") + " (NoSuchFileException)");
        assertThatThrownBy(() -> secrets.value(new SecretRef("s3-creds", "..")))
                .as("a key never walks out of the secret's directory").hasMessageContaining("the key is not a file name");
        assertThatThrownBy(() -> secrets.value(new SecretRef("s3-creds", "../outside")))
                .hasMessageContaining("the key is not a file name").message().doesNotContain("not-for-specs");
    }

    @Test
    void refusesAtStartUpASecretWithBothOrNeitherSourceOrANameNoSpecCanWrite() {
        assertThatThrownBy(() -> ConfiguredSecrets.of(Map.of("hf-token", new SecretProperties("X", dir)), name -> null))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo("sextant.secrets.hf-token"))
                .hasMessageContaining("sets both env and file");
        assertThatThrownBy(() -> ConfiguredSecrets.of(Map.of("hf-token", new SecretProperties(null, null)), name -> null))
                .hasMessageContaining("sets neither env nor file");
        assertThatThrownBy(() -> ConfiguredSecrets.of(Map.of("HF_Token", new SecretProperties("X", null)), name -> null))
                .hasMessageContaining("is not a name a secretRef can name");
    }
}
