package io.sextant.engine.status;

/**
 * A run tried to move a source's position from a version another run has already moved it from: the
 * run works from an older view of the source and must not apply anything.
 */
public class StalePositionException extends RuntimeException {

    public StalePositionException(String source, long version) {
        super("source '" + source + "': the position moved past version " + version
                + " while this run worked; another run is newer");
    }
}
