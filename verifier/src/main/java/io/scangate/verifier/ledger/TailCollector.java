package io.scangate.verifier.ledger;

import java.util.Arrays;

/**
 * The last state the journal after a snapshot gave each code, collected in the heap instead of
 * put into the map (random inserts into a fresh map cost microseconds each: 2M of them took 6-8 s
 * on 2 cores), then handed to the map's refill behind the server ({@link #toBase()}). A
 * {@link PutOnlyLedger}, as {@link ParallelLoader#asLedger} is.
 * Some 100 bytes of heap a code, until the refill is done.
 *
 * <p>Concurrency: one thread.
 */
public final class TailCollector implements PutOnlyLedger {
    private final CodeIndex index = new CodeIndex(1 << 16);
    private final long capacity;
    private long[] states = new long[(1 << 16) * CodeState.LONGS_WITH_ID];
    private int count;

    /** A collector for a ledger of {@code capacity} codes. */
    public TailCollector(final long capacity) {
        this.capacity = capacity;
    }

    /** Sets {@code codeId}'s state (the last one put wins). */
    @Override
    public void put(final long codeId, final CodeState state) {
        final int known = index.put(codeId, count);
        if (known >= 0) {
            state.store(codeId, states, known * CodeState.LONGS_WITH_ID);
            return;
        }
        if ((count + 1L) * CodeState.LONGS_WITH_ID > states.length) {
            final long grown = Math.min(Integer.MAX_VALUE - 8L, states.length * 2L);
            if (grown < (count + 1L) * CodeState.LONGS_WITH_ID) {
                throw new IllegalStateException(count + " codes are more than a collector holds");
            }
            states = Arrays.copyOf(states, (int) grown);
        }
        state.store(codeId, states, count * CodeState.LONGS_WITH_ID);
        count++;
    }

    /** The codes collected as a base (the collector is not used afterwards). */
    public LedgerBase toBase() {
        return LedgerBase.of(source(), index, count);
    }

    /** The codes collected so far, in the order they were first put. */
    LedgerBase.Source source() {
        final long[] held = states;
        final int n = count;
        return new LedgerBase.Source() {
            @Override
            public long count() {
                return n;
            }

            @Override
            public long codeId(final long i) {
                return held[(int) i * CodeState.LONGS_WITH_ID];
            }

            @Override
            public long read(final long i, final CodeState into) {
                return into.load(held, (int) i * CodeState.LONGS_WITH_ID);
            }
        };
    }

    /** Codes collected (the snapshot's are not counted). */
    @Override
    public long size() {
        return count;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void close() {
        // heap only
    }
}
