package io.sextant.engine.cli;

/**
 * Why a command stops, with the exit code ({@link ExitCode}) it stops with. The message is printed after
 * {@code error: } and never holds the token.
 */
final class CliFailure extends Exception {

    private final int code;

    CliFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
