package io.sextant.git.jgit;

import io.sextant.git.api.Blob;
import java.io.IOException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Reads a blob only when it is within a size limit. The size comes from the object's header
 * ({@link ObjectReader#getObjectSize}); opening the object first would already inflate a packed blob
 * below JGit's streaming threshold (50 MiB) into memory, which is what the limit is there to prevent.
 */
final class Blobs {

    private Blobs() {
    }

    /** The blob's content, or its size alone when that is over {@code limit}. */
    static Blob read(ObjectReader reader, ObjectId id, long limit) throws IOException {
        long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
        if (size > limit) {
            return new Blob.TooLarge(size, limit);
        }
        // getBytes(limit) copies even an object JGit would otherwise only stream (a limit over 50 MiB).
        return new Blob.Content(reader.open(id, Constants.OBJ_BLOB).getBytes((int) limit));
    }
}
