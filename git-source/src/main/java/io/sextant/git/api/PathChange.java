package io.sextant.git.api;

/**
 * A spec file that changed between two commits. A rename is a {@code DELETED} of the old path and an
 * {@code ADDED} of the new one.
 *
 * @param blobId the new blob id, or null when deleted
 */
public record PathChange(Type type, String path, String blobId) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
