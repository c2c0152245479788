package io.scangate.server;

/**
 * The server could not start, for a reason an operator can act on (a port taken, a data dir in
 * use, an unreadable file); its message names the cause. Whatever the start had opened is closed
 * again before it is thrown.
 */
public final class StartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
