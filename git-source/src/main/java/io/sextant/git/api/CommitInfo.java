package io.sextant.git.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A commit's identity and metadata; travels with every snapshot.
 *
 * @param id      40-hex commit id
 * @param author  {@code Name <email>}
 * @param message full commit message
 * @param time    commit time
 */
public record CommitInfo(String id, String author, String message, Instant time) {

    public CommitInfo {
        Objects.requireNonNull(id, "id");
    }

    /** First line of the message. */
    public String shortMessage() {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
