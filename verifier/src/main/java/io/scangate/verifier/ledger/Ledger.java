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
     * Binds {@code codeId}'s entry for an update (creating an empty one if absent) and copies its
     * state into {@code into}. The next {@link #writeBack} writes to this entry.
     */
    void readForUpdate(long codeId, CodeState into);

    /** Writes {@code state} into the entry bound by the last {@link #readForUpdate}. */
    void writeBack(CodeState state);

    /** Sets {@code codeId}'s whole state (journal replay): idempotent. */
    void put(long codeId, CodeState state);

    /** Visits every entry whose state is not empty (verification, tools). */
    void forEach(java.util.function.ObjLongConsumer<CodeState> visitor);

    /**
     * As {@link #forEach}, for a reader beside the single writer (a snapshot, a check): the
     * visitor's work never holds the writer up (a store that locks copies its entries out first).
     */
    default void forEachCopied(final java.util.function.ObjLongConsumer<CodeState> visitor) {
        forEach(visitor);
    }

    /** Entries held. */
    long size();

    /** Entries the ledger was sized for. */
    long capacity();

    /** Flushes and releases the store; the ledger is unusable afterwards. */
    @Override
    void close();
}
