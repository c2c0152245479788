package io.scangate.verifier.batch;

/**
 * A batch change that the current state forbids, so the caller can tell it from a broken
 * invariant: leaving {@code VOIDED} (voiding is final), or a batch larger than the serials its key
 * has left (rotate the key). Nothing changed.
 */
public final class BatchConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BatchConflictException(final String message) {
        super(message);
    }
}
