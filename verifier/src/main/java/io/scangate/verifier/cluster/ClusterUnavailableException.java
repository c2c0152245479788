package io.scangate.verifier.cluster;

/**
 * The cluster could not take or answer a request now (no leader reachable, no answer in time, a
 * member too busy): nothing was applied that the client was told of; the same request may be sent
 * again (503 with {@code Retry-After} on the ops port).
 */
public final class ClusterUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(final String message) {
        super(message);
    }
}
