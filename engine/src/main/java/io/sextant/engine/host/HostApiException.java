package io.sextant.engine.host;

/**
 * A Git host API call failed. The message is safe to log and show: it names the call and the host's
 * own reason, never a token.
 */
public class HostApiException extends Exception {

    private final int status;

    /**
     * @param status the HTTP status the host answered, or 0 when there was no answer (timeout, refused)
     */
    HostApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the host answered, or 0 when it did not answer. */
    public int status() {
        return status;
    }

    /** Whether the host was down or overloaded rather than refusing the request: worth trying later. */
    public boolean unavailable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
