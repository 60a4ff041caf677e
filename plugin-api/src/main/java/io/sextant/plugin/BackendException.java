package io.sextant.plugin;

/**
 * A backend call failed. {@link #isTransient()} tells the engine whether retrying may help
 * (connection errors, timeouts, 5xx) or not (4xx, invalid spec for this backend).
 */
public class BackendException extends Exception {

    private final boolean transientFailure;

    private BackendException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** A failure worth retrying with backoff. */
    public static BackendException transientFailure(String message, Throwable cause) {
        return new BackendException(message, cause, true);
    }

    /** A failure that retrying will not fix. */
    public static BackendException permanent(String message, Throwable cause) {
        return new BackendException(message, cause, false);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
