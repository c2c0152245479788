package io.scangate.verifier.journal;

import io.scangate.verifier.ledger.CodeState;

/**
 * Where the verifier writes each state change before applying it, so the ledger can always be
 * rebuilt: the source of truth.
 *
 * <p>Concurrency: appends from the verifier thread only; see implementations for {@link #force()}.
 */
public interface Journal {
    /** Appends the new state of a code; returns the record's sequence. */
    long appendCodeState(long codeId, CodeState state, long deviceHash, long consumerHash, int cause, long requestKey);

    /** Appends a batch definition (JSON); returns the record's sequence. */
    default long appendBatch(final byte[] json) {
        return appendJson(JournalRecord.TYPE_BATCH, json);
    }

    /** Appends a record with a JSON payload of {@code type} (see {@link JournalRecord}); returns its sequence. */
    long appendJson(int type, byte[] json);

    /**
     * Appends a keyed binary record of {@code type} (CONSUMER, LIFECYCLE: see {@link JournalRecord})
     * carrying {@code length} bytes of {@code bytes}; returns its sequence. Allocates nothing.
     */
    long appendKeyed(int type, long key, long at, long info, byte[] bytes, int length);

    /** Position after the last appended record. */
    long endPosition();

    /** Makes everything appended durable; returns the durable position. */
    long force();

    /**
     * The appending thread: with {@code defer}, its appends may stay in the process until
     * {@link #flush()} (a verifier batch's end, before its answers go); without, each append is
     * written to the file (the page cache) at once. Journals that hold nothing in the process ignore it.
     */
    default void deferWrites(final boolean defer) {
    }

    /** The appending thread: writes every deferred append to the file (the page cache); throws if it cannot. */
    default void flush() {
    }

    /** A journal that keeps nothing: for benchmarks and unit tests of the verdict logic only. */
    Journal DISCARD = counting();

    /**
     * A new journal that keeps nothing but counts its records, so positions keep their order: the
     * verifier's journal where another log holds the inputs (cluster mode), and {@link #DISCARD}.
     */
    static Journal counting() {
        return new Journal() {
            private long sequence;

            @Override
            public long appendCodeState(final long codeId, final CodeState state, final long deviceHash, final long consumerHash, final int cause,
                                        final long requestKey) {
                return ++sequence;
            }

            @Override
            public long appendJson(final int type, final byte[] json) {
                return ++sequence;
            }

            @Override
            public long appendKeyed(final int type, final long key, final long at, final long info, final byte[] bytes, final int length) {
                return ++sequence;
            }

            @Override
            public long endPosition() {
                return sequence;
            }

            @Override
            public long force() {
                return sequence;
            }
        };
    }
}
