package io.sextant.appliers.sim;

import io.sextant.plugin.ResourceKey;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Durable state of a simulated backend: a snapshot plus an append-only journal of JSON lines
 * ({@code put}, {@code delete}, {@code drift}) written since. A write costs one appended line however
 * many resources exist; when the journal outgrows twice the live set it is folded into a new snapshot.
 *
 * <p>Files: {@code snapshot.json} (generation g, replaced by atomic move) and {@code journal-g.jsonl}.
 * A new snapshot takes generation g+1 and starts {@code journal-(g+1).jsonl}, so a crash between the
 * two steps leaves a consistent pair; journals of other generations are stale and deleted on open.
 * Lines are flushed to the OS per write (surviving a killed process), not fsynced: this backend is a
 * simulation. A torn last line, from a crash mid-write, is dropped on open.
 */
final class SimJournal implements Closeable {

    /** Journals shorter than this are never compacted: snapshots of tiny clusters would cost more than they save. */
    static final int DEFAULT_MIN_COMPACT_RECORDS = 1000;

    /** What replaying the files does; {@link SimCluster} applies it to memory. */
    interface Replay {
        void restore(JsonNode snapshotState);

        void put(ResourceKey key, ObjectNode manifest);

        void delete(ResourceKey key);

        void drift(ResourceKey key, String pointer, JsonNode value);
    }

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String SNAPSHOT = "snapshot.json";

    private final Path dir;
    private final int minCompactRecords;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long generation;
    private FileChannel journal;
    private long records;

    private SimJournal(Path dir, int minCompactRecords, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.minCompactRecords = minCompactRecords;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating) the state in {@code dir}, replays it into {@code replay}, and holds a lock on
     * the directory until closed, because two appliers appending to one journal would corrupt it.
     */
    static SimJournal open(Path dir, String backendName, int minCompactRecords, Replay replay) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("sim backend '" + backendName + "': data directory " + dir
                    + " is in use by another applier; close that one first");
        }
        SimJournal opened = new SimJournal(dir, minCompactRecords, lockChannel, lock);
        try {
            opened.load(replay);
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void load(Replay replay) throws IOException {
        Path snapshot = dir.resolve(SNAPSHOT);
        if (Files.exists(snapshot)) {
            JsonNode root = JSON.readTree(snapshot);
            generation = root.path("generation").asLong(0);
            replay.restore(root.path("state"));
        }
        deleteStaleFiles();
        Path current = journalPath(generation);
        JournalReplay.Result replayed = Files.exists(current)
                ? JournalReplay.replay(current, replay) : new JournalReplay.Result(0, 0);
        journal = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (journal.size() > replayed.validLength()) {
            // Drop a torn last line, so the next record starts on a line of its own.
            journal.truncate(replayed.validLength());
        }
        journal.position(replayed.validLength());
        records = replayed.records();
    }

    void put(ResourceKey key, JsonNode manifest) throws IOException {
        ObjectNode record = record("put", key);
        record.set("manifest", manifest);
        append(record);
    }

    void delete(ResourceKey key) throws IOException {
        append(record("delete", key));
    }

    void drift(ResourceKey key, String pointer, JsonNode value) throws IOException {
        ObjectNode record = record("drift", key);
        record.put("pointer", pointer);
        record.set("value", value);
        append(record);
    }

    /** Whether the journal holds enough superseded records to be worth folding into a snapshot. */
    boolean compactionDue(int liveResources) {
        return records > Math.max(2L * liveResources, minCompactRecords);
    }

    /** Writes {@code state} as the next snapshot generation and starts an empty journal for it. */
    void compact(JsonNode state) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", "sextant-sim/1");
        root.put("generation", generation + 1);
        root.set("state", state);
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, JSON.writeValueAsBytes(root));
            out.force(true);
        }
        Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path next = journalPath(generation + 1);
        Files.deleteIfExists(next);
        FileChannel nextJournal = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        journal.close();
        Files.deleteIfExists(journalPath(generation));
        generation++;
        journal = nextJournal;
        records = 0;
    }

    @Override
    public void close() throws IOException {
        try (lockChannel) {
            if (journal != null) {
                journal.close();
            }
            lock.release();
        }
    }

    private ObjectNode record(String op, ResourceKey key) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("op", op);
        SimJson.writeKey(record, key);
        return record;
    }

    private void append(ObjectNode record) throws IOException {
        byte[] json = JSON.writeValueAsBytes(record);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        writeFully(journal, line);
        records++;
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        writeFully(channel, ByteBuffer.wrap(bytes));
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private Path journalPath(long gen) {
        return dir.resolve("journal-" + gen + ".jsonl");
    }

    private void deleteStaleFiles() throws IOException {
        Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
        String current = journalPath(generation).getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("journal-") && name.endsWith(".jsonl") && !name.equals(current)) {
                    Files.delete(file);
                }
            }
        }
    }
}
