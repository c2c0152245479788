package io.scangate.verifier.ledger;

/** A new code cannot be taken: the ledger holds the number of codes it was sized for. */
public final class LedgerFullException extends IllegalStateException {
    public LedgerFullException(final long capacity) {
        super("ledger full: it holds its configured maximum of " + capacity + " codes; raise ledger.entries (see README)");
    }
}
