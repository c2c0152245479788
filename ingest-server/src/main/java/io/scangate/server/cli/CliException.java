package io.scangate.server.cli;

/** A command failure with the exit code and message the user sees: 1 server error, 3 unreachable. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(final int exitCode, final String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
