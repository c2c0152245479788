package io.scangate.server.cli;

/**
 * A command failure with the message and exit code the user sees: {@link #SERVER_ERROR} when the
 * admin API refused or failed, {@link #UNREACHABLE} when it could not be reached at all.
 */
final class CliException extends RuntimeException {
    static final int SERVER_ERROR = 1;
    static final int UNREACHABLE = 3;

    private final int exitCode;

    CliException(final int exitCode, final String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
