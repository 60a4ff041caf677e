package io.sextant.git.api;

/** A Git operation failed; the message says which and why, without credentials. */
public class GitException extends Exception {

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }

    public GitException(String message) {
        super(message);
    }
}
