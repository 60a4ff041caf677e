package io.sextant.appliers.sim;

import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads a journal file back, record by record, tolerating only the damage a crash can do. */
final class JournalReplay {

    /**
     * @param validLength bytes up to the end of the last complete record; anything after is torn
     * @param records     complete records replayed
     */
    record Result(long validLength, long records) {
    }

    private JournalReplay() {
    }

    /**
     * Replays every complete record. The last line may be torn (no newline, or unreadable) by a crash
     * in the middle of a write: it was never acknowledged, so it is ignored. An unreadable line before
     * the last cannot come from a crash, so it stops the backend rather than silently losing state.
     */
    static Result replay(Path file, SimJournal.Replay replay) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long records = 0;
        int start = 0;
        for (int lineNumber = 1; start < bytes.length; lineNumber++) {
            int end = indexOf(bytes, start);
            if (end < 0) {
                break; // torn: the newline goes out last, in the same write as the record
            }
            if (end > start) {
                JsonNode record = parse(bytes, start, end);
                if (record == null && blankAfter(bytes, end + 1)) {
                    break; // torn: a crash can leave garbage or zeros where the last record should be
                }
                if (record == null) {
                    throw new IllegalStateException(file + ":" + lineNumber + ": unreadable journal record");
                }
                apply(record, replay, file, lineNumber);
                records++;
            }
            start = end + 1;
        }
        return new Result(start, records);
    }

    private static void apply(JsonNode record, SimJournal.Replay replay, Path file, int lineNumber) {
        ResourceKey key = SimJson.readKey(record);
        switch (record.path("op").asString("")) {
            case "put" -> {
                if (!(record.get("manifest") instanceof ObjectNode manifest)) {
                    throw new IllegalStateException(file + ":" + lineNumber + ": put record without a manifest");
                }
                replay.put(key, manifest);
            }
            case "delete" -> replay.delete(key);
            case "drift" -> replay.drift(key, record.path("pointer").asString(), record.get("value"));
            default -> throw new IllegalStateException(file + ":" + lineNumber + ": unknown journal op " + record.path("op"));
        }
    }

    /** The record on the line, or null when it is not a JSON object. */
    private static JsonNode parse(byte[] bytes, int start, int end) {
        try {
            JsonNode node = JsonMapper.shared().readTree(bytes, start, end - start);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean blankAfter(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != '\n' && bytes[i] != 0 && bytes[i] != ' ') {
                return false;
            }
        }
        return true;
    }
}
