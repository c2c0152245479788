package io.scangate.verifier.ledger;

/**
 * Per-code state of every scanned (or singly voided) code, keyed by code id. Codes never scanned
 * take no memory.
 *
 * <p>Concurrency: single writer. Only the verifier thread calls any method.
 */
public interface Ledger extends AutoCloseable {
    /** Copies the state of {@code codeId} into {@code into}; returns false (and clears it) if absent. */
    boolean read(long codeId, CodeState into);

    /**
     * Counts one scan of {@code codeId} at {@code atMillis} by a device and region, creating the
     * entry on the first scan, and copies the new state into {@code into}. A voided code is not
     * counted: the call returns false and {@code into} holds its unchanged state.
     */
    boolean recordScan(long codeId, long atMillis, long deviceHash, long region, CodeState into);

    /** Marks {@code codeId} voided; returns false if it already was. */
    boolean markVoided(long codeId);

    /** Entries held. */
    long size();

    /** Entries the ledger was sized for. */
    long capacity();

    /** Flushes and releases the store; the ledger is unusable afterwards. */
    @Override
    void close();
}
