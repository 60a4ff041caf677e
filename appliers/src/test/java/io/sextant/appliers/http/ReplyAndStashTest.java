package io.sextant.appliers.http;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.appliers.api.Appliers;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Error text of every backend's error shape, the manifest stash, and discovery of the HTTP backend types. */
class ReplyAndStashTest {

    static final ResourceKey KEY = new ResourceKey(ModelDeployment.KIND, "vision", "resnet");

    @TempDir
    Path dir;

    @Test
    void findsTheBackendsOwnWordsInEachErrorShape() {
        assertThat(new Reply(400, "{\"error\":\"failed to load 'm'\"}").errorText()).isEqualTo("failed to load 'm'");
        assertThat(new Reply(400, "{\"object\":\"error\",\"message\":\"old vLLM\",\"code\":400}").errorText()).isEqualTo("old vLLM");
        assertThat(new Reply(400, "{\"error\":{\"message\":\"new vLLM\",\"type\":\"BadRequestError\"}}").errorText())
                .isEqualTo("new vLLM");
        assertThat(new Reply(404, "{\"detail\":\"Not Found\"}").errorText()).isEqualTo("Not Found");
        assertThat(new Reply(503, "GCS may be down,\n  retry later").errorText()).isEqualTo("GCS may be down, retry later");
        assertThat(new Reply(503, "").errorText()).isEqualTo("(no response body)");
        assertThat(new Reply(500, "x".repeat(2000)).errorText()).hasSize(503).endsWith("...");
    }

    @Test
    void theStashSurvivesAReopenAndWritesOnlyOnChange() throws Exception {
        ManifestStash stash = ManifestStash.open(dir, "triton-a");
        var manifest = JsonMapper.shared().readTree("{\"kind\":\"ModelDeployment\",\"spec\":{\"replicas\":2}}");
        stash.put(KEY, manifest);
        long written = Files.getLastModifiedTime(dir.resolve("manifests.json")).toMillis();
        Files.setLastModifiedTime(dir.resolve("manifests.json"), java.nio.file.attribute.FileTime.fromMillis(written - 10_000));
        stash.put(KEY, JsonMapper.shared().readTree("{\"kind\":\"ModelDeployment\",\"spec\":{\"replicas\":2.0}}"));

        assertThat(Files.getLastModifiedTime(dir.resolve("manifests.json")).toMillis()).isEqualTo(written - 10_000);
        assertThat(ManifestStash.open(dir, "triton-a").get(KEY)).contains(manifest);
        stash.remove(KEY);
        assertThat(ManifestStash.open(dir, "triton-a").keys()).isEmpty();
    }

    @Test
    void aStashThatCannotBeWrittenIsTransientAndForgetsNothingItHad() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-dir"), "");
        ManifestStash stash = ManifestStash.open(blocked, "triton-a");

        BackendException e = catchThrowableOfType(BackendException.class,
                () -> stash.put(KEY, JsonMapper.shared().readTree("{}")));

        assertThat(e.isTransient()).isTrue();
        assertThat(stash.get(KEY)).isEmpty();
    }

    @Test
    void theHttpBackendTypesAreFoundByServiceLoader() {
        assertThat(Appliers.discover()).containsKeys("ray-serve", "triton", "vllm");
    }
}
