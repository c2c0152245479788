package io.scangate.verifier.snapshot;

/** A snapshot file that is torn, truncated or damaged: skipped for an older one, its reason logged. */
public final class SnapshotCorruptException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SnapshotCorruptException(final String message) {
        super(message);
    }
}
