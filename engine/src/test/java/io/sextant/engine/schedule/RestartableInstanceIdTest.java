package io.sextant.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.config.SextantProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;

class RestartableInstanceIdTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsTheSameInstanceIdAcrossRestartsOnOneDataDirectory() throws Exception {
        RestartableInstanceId first = instanceId(dataDir);
        String id = first.claim();
        first.destroy(); // the engine stopped (a kill -9 releases the lock as well)

        RestartableInstanceId restarted = instanceId(dataDir);
        assertThat(restarted.claim()).isEqualTo(id).startsWith("sextant-");
        restarted.destroy();
    }

    @Test
    void leavesTheIdToQuartzWhileAnotherEngineHoldsTheDataDirectory() throws Exception {
        RestartableInstanceId running = instanceId(dataDir);
        String id = running.claim();

        RestartableInstanceId second = instanceId(dataDir);
        assertThat(second.claim()).isNull();
        second.destroy();
        running.destroy();
        assertThat(instanceId(dataDir).claim()).isEqualTo(id);
    }

    @Test
    void enginesOnDifferentDataDirectoriesGetDifferentIds(@TempDir Path other) {
        assertThat(instanceId(dataDir).claim()).isNotEqualTo(instanceId(other).claim());
    }

    private static RestartableInstanceId instanceId(Path dataDir) {
        SextantProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("sextant.data-dir", dataDir.toString())))
                .bindOrCreate("sextant", SextantProperties.class);
        return new RestartableInstanceId(new QuartzProperties(), properties);
    }
}
