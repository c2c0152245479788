package io.scangate.verifier.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Codes and their states looked up by code id while they are put into a fresh ledger behind the
 * server's back (a restart after a crash: serving need not wait for millions of inserts): a
 * snapshot's ledger section, mapped, or the last states the journal after it gave ({@link
 * TailCollector}, in the heap). A {@link CodeIndex} maps a code id to its entry in the {@link Source}:
 * some 16 bytes of heap a code, dropped with the base once the refill is done.
 *
 * <p>Concurrency: built on one thread (with helpers of its own); afterwards immutable, so
 * {@link #find} and {@link #contains} may be called from any thread.
 */
public final class LedgerBase {
    /** The entries a base is built over: a snapshot's ledger section, or the states a journal's tail left. */
    public interface Source {
        /** Entries held. */
        long count();

        /** Code id of entry {@code i}. */
        long codeId(long i);

        /** Reads entry {@code i}'s state into {@code into}; returns its code id. */
        long read(long i, CodeState into);
    }

    private final Source source;
    private final CodeIndex index;
    private final long count;

    private LedgerBase(final Source source, final CodeIndex index, final long count) {
        this.source = source;
        this.index = index;
        this.count = count;
    }

    /**
     * Indexes every entry of {@code source} with {@code threads} threads (the caller's among them).
     * Of entries holding the same code id, one is indexed and counted.
     */
    public static LedgerBase build(final Source source, final int threads) {
        return prepare(source).build(threads, null).base();
    }

    /**
     * The first half of {@link #build}, on any thread: every entry's code mixed and sorted into
     * buckets by the part of the index its slot falls in (a counting sort: two passes over the
     * source, 12 bytes of heap an entry until the index is built).
     */
    public static Prepared prepare(final Source source) {
        final long n = source.count();
        if (n > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException(n + " entries are more than a base indexes");
        }
        final int[] starts = new int[BUCKETS + 1];
        final long[] keys = new long[(int) n];
        final int[] entries = new int[(int) n];
        sortIntoBuckets(source, starts, keys, entries);
        return new Prepared(source, keys, entries, starts);
    }

    /**
     * Every entry of {@code source}: its mixed code into {@code keys} and its number into
     * {@code entries}, bucket after bucket; bucket b's from {@code starts[b]} to
     * {@code starts[b + 1]} (a counting sort: two passes over the source).
     */
    private static void sortIntoBuckets(final Source source, final int[] starts, final long[] keys, final int[] entries) {
        final int n = keys.length;
        for (int i = 0; i < n; i++) {
            starts[CodeIndex.bucket(CodeIndex.mix(source.codeId(i)), BUCKETS) + 1]++;
        }
        for (int b = 0; b < BUCKETS; b++) {
            starts[b + 1] += starts[b];
        }
        final int[] at = java.util.Arrays.copyOf(starts, BUCKETS);
        for (int i = 0; i < n; i++) {
            final long k = CodeIndex.mix(source.codeId(i));
            final int to = at[CodeIndex.bucket(k, BUCKETS)]++;
            keys[to] = k;
            entries[to] = i;
        }
    }

    /** Buckets {@link #prepare} sorts into: a 10M-code index is walked in regions of some 150 KB. */
    private static final int BUCKETS = 1024;

    /**
     * A base; how many codes of another set (a journal's tail) it holds too; which of its entries
     * the tail holds ({@code taken}) or are a repeated code's other copy ({@code skipped}), and
     * which of the tail's codes it holds ({@code held}): bit sets by entry number.
     */
    public record Built(LedgerBase base, long overlap, long[] taken, long[] skipped, long[] held) {
        static boolean bit(final long[] bits, final long i) {
            return (bits[(int) (i >>> 6)] & (1L << i)) != 0;
        }
    }

    private static final java.lang.invoke.VarHandle BITS = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    private static void set(final long[] bits, final int i) {
        BITS.getAndBitwiseOr(bits, i >>> 6, 1L << i); // builders share words
    }

    /** A source's codes sorted into buckets, to be indexed ({@link #build}). */
    public static final class Prepared {
        private final Source source;
        private final long[] keys;
        private final int[] entries;
        private final int[] starts;

        private Prepared(final Source source, final long[] keys, final int[] entries, final int[] starts) {
            this.source = source;
            this.keys = keys;
            this.entries = entries;
            this.starts = starts;
        }

        /**
         * Indexes the codes, bucket after bucket, by {@code threads} threads (the caller's among
         * them), and counts how many of {@code other}'s codes (unless null) the base holds: each
         * bucket's share right after the bucket is indexed, while its part of the index is in the
         * caches.
         */
        public Built build(final int threads, final TailCollector other) {
            final CodeIndex index = new CodeIndex(keys.length);
            final int[] otherStarts = new int[BUCKETS + 1];
            final int[] otherEntries = new int[other == null ? 0 : (int) other.size()];
            final long[] otherKeys = new long[otherEntries.length];
            if (other != null) {
                sortIntoBuckets(other.source(), otherStarts, otherKeys, otherEntries);
            }
            final long[] taken = new long[(keys.length >>> 6) + 1];
            final long[] skipped = new long[(keys.length >>> 6) + 1];
            final long[] held = new long[(otherKeys.length >>> 6) + 1];
            final Marks marks = new Marks(otherKeys, otherEntries, otherStarts, taken, skipped, held);
            final int parts = Math.max(1, Math.min(threads, keys.length / 65_536));
            final long[] duplicates = new long[parts * 8];
            final long[] both = new long[parts * 8];
            final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            final AtomicReference<RuntimeException> failed = new AtomicReference<>();
            final List<Thread> helpers = new ArrayList<>();
            for (int p = 1; p < parts; p++) {
                final int slot = p * 8;
                final Thread t = new Thread(() -> index(index, marks, next, duplicates, both, slot, failed),
                        "scangate-base-index-" + p);
                t.setDaemon(true);
                t.start();
                helpers.add(t);
            }
            index(index, marks, next, duplicates, both, 0, failed);
            for (final Thread t : helpers) {
                try {
                    t.join();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the ledger's base was indexed", e);
                }
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            long dup = 0;
            long overlap = 0;
            for (int p = 0; p < parts; p++) {
                dup += duplicates[p * 8];
                overlap += both[p * 8];
            }
            return new Built(new LedgerBase(source, index, keys.length - dup), overlap, taken, skipped, held);
        }

        /** The other codes, bucketed, and the bit sets {@link #build} marks. */
        private record Marks(long[] otherKeys, int[] otherEntries, int[] otherStarts, long[] taken, long[] skipped, long[] held) {
        }

        private void index(final CodeIndex index, final Marks m, final java.util.concurrent.atomic.AtomicInteger next, final long[] duplicates, final long[] both,
                           final int slot, final AtomicReference<RuntimeException> failed) {
            try {
                for (int b = next.getAndIncrement(); b < BUCKETS && failed.get() == null; b = next.getAndIncrement()) {
                    for (int j = starts[b]; j < starts[b + 1]; j++) {
                        if (!index.insertMixed(keys[j], entries[j])) {
                            duplicates[slot]++;
                            set(m.skipped(), entries[j]);
                        }
                    }
                    // a code of this bucket is in the index now if the base holds it: builders only ever fill slots
                    for (int j = m.otherStarts()[b]; j < m.otherStarts()[b + 1]; j++) {
                        final int entry = index.getShared(m.otherKeys()[j]); // inserted by this thread, if held
                        if (entry >= 0) {
                            both[slot]++;
                            set(m.taken(), entry);
                            set(m.held(), m.otherEntries()[j]);
                        }
                    }
                }
            } catch (final RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        }
    }

    /** Copies {@code codeId}'s state in the base into {@code into}; false (into untouched) if the base does not hold it. */
    public boolean find(final long codeId, final CodeState into) {
        final int i = index.get(codeId);
        if (i < 0) {
            return false;
        }
        source.read(i, into);
        return true;
    }

    /** Whether the base holds {@code codeId}. */
    public boolean contains(final long codeId) {
        return index.get(codeId) >= 0;
    }

    /** Codes held (each once). */
    public long count() {
        return count;
    }

    /** The entries, in the source's order (a refill's order); a repeated code's other entries among them. */
    public Source source() {
        return source;
    }

    /** A base over {@code source} already indexed (a {@link TailCollector}'s). */
    static LedgerBase of(final Source source, final CodeIndex index, final long count) {
        return new LedgerBase(source, index, count);
    }
}
