package io.sextant.git.api;

/**
 * What reading a spec file's blob gave: its content, or only its size when that is over the source's
 * {@link GitSourceSpec#maxFileBytes() limit}. A file too large is a fact about one file, not a Git
 * failure, so it is a result the caller must handle rather than a {@link GitException} that would
 * stop the whole commit.
 */
public sealed interface Blob {

    /** The blob's bytes, at most the source's limit. */
    record Content(byte[] bytes) implements Blob {}

    /**
     * The blob is larger than the limit; none of its content was read.
     *
     * @param size  the blob's size in bytes, from the object's header
     * @param limit the source's limit in bytes
     */
    record TooLarge(long size, long limit) implements Blob {}
}
