package io.sextant.engine.schedule;

import io.sextant.engine.config.SextantProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.stereotype.Component;

/**
 * In a cluster, gives this replica's Quartz scheduler the same instance id every time it starts on the same
 * data directory, so that a replica restarted after a crash resumes its sources at once.
 *
 * <p>Quartz recovers the jobs a dead scheduler was running (a source's {@link ReconcileJob}, which blocks
 * every other trigger of that source until then) either when another scheduler sees it miss its check-in
 * ({@code clusterCheckinInterval} plus 7.5 s after its last one: 12.5 s here) or when a scheduler with the
 * dead one's instance id checks in for the first time, which is at once. With {@code AUTO} ids a restarted
 * replica is a stranger to its old self and waits out those 12.5 s; with this id it recovers its own job when
 * its scheduler starts. The id is kept in {@code <data-dir>/quartz-instance-id}; a lock file held while the
 * engine runs keeps two live engines on one data directory from sharing it (the second falls back to
 * {@code AUTO}). An explicitly configured {@code org.quartz.scheduler.instanceId} is left alone.
 */
@Component
@ConditionalOnProperty(name = "sextant.cluster.enabled", havingValue = "true")
class RestartableInstanceId implements SchedulerFactoryBeanCustomizer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RestartableInstanceId.class);

    static final String INSTANCE_ID = "org.quartz.scheduler.instanceId";

    private final QuartzProperties quartz;
    private final Path dataDir;
    private FileChannel lockChannel;

    RestartableInstanceId(QuartzProperties quartz, SextantProperties properties) {
        this.quartz = quartz;
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
    }

    @Override
    public void customize(SchedulerFactoryBean factory) {
        String configured = quartz.getProperties().getOrDefault(INSTANCE_ID, "AUTO");
        if (!configured.equals("AUTO")) {
            return;
        }
        String id = claim();
        if (id == null) {
            log.warn("another engine runs on data directory {}: this one's Quartz instance id is generated, so after a "
                    + "crash its running reconciles are recovered only once the cluster notices (about 12.5 s)", dataDir);
            return;
        }
        Properties merged = new Properties();
        merged.putAll(quartz.getProperties());
        merged.put(INSTANCE_ID, id);
        factory.setQuartzProperties(merged);
        log.info("clustered mode: Quartz instance id {} (kept in {})", id, dataDir.resolve("quartz-instance-id"));
    }

    /** Locks the data directory's id for this engine and returns it (made on first use); null if it is taken. */
    String claim() {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("quartz-instance-id.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            lockChannel = channel;
            Path file = dataDir.resolve("quartz-instance-id");
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            String id = "sextant-" + HexFormat.of().formatHex(random);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Quartz instance id in " + dataDir, e);
        }
    }

    @Override
    public void destroy() throws IOException {
        if (lockChannel != null) {
            lockChannel.close(); // releases the lock; a kill -9 releases it too
        }
    }
}
