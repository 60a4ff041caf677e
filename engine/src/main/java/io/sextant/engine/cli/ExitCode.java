package io.sextant.engine.cli;

/**
 * The exit codes of the operator's commands, one table for all of them so that a script can tell "not there"
 * from "not allowed" from "not yet" without reading messages. {@code plan} and {@code diff} share 2 with
 * {@code terraform plan -detailed-exitcode} and {@code kubectl diff}.
 */
final class ExitCode {

    /** Done; for {@code diff} and {@code plan}: no differences. */
    static final int OK = 0;
    /** Anything else went wrong: wrong usage, an unreachable engine, an HTTP 5xx, an answer that is not the API's. */
    static final int ERROR = 1;
    /** {@code diff} and {@code plan}: there are differences. */
    static final int DIFFERENCES = 2;
    /** The resource, source or backend named does not exist (HTTP 404). */
    static final int NOT_FOUND = 3;
    /** The engine refused the token, or it needs one (HTTP 401, 403). */
    static final int FORBIDDEN = 4;
    /** {@code wait} (and {@code sync --wait}): the condition was not met within {@code --timeout}. */
    static final int TIMED_OUT = 5;

    /** The table printed by {@code --help} and kept in the README. */
    static final String TABLE = """
            Exit status: 0 ok (diff: no differences), 1 error (usage, engine unreachable, HTTP 5xx),
                         2 differences (diff, plan), 3 not found, 4 unauthorized or forbidden, 5 timed out (wait).""";

    private ExitCode() {
    }
}
