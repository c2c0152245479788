package io.scangate.verifier.ledger;

/**
 * A ledger that only takes puts: what a journal is replayed into while the real ledger is being
 * loaded ({@link ParallelLoader#asLedger}, {@link TailCollector}). Reading it is refused: a replay
 * that read would see a half-loaded state.
 *
 * <p>Concurrency: as the implementation's.
 */
interface PutOnlyLedger extends Ledger {
    @Override
    default boolean read(final long codeId, final CodeState into) {
        throw new UnsupportedOperationException("a ledger being loaded is not read");
    }

    @Override
    default void readForUpdate(final long codeId, final CodeState into) {
        throw new UnsupportedOperationException("a ledger being loaded is not read");
    }

    @Override
    default void writeBack(final CodeState state) {
        throw new UnsupportedOperationException("a ledger being loaded is not read");
    }

    @Override
    default void forEach(final java.util.function.ObjLongConsumer<CodeState> visitor) {
        throw new UnsupportedOperationException("a ledger being loaded is not read");
    }
}
