package io.scangate.verifier.verdict;

/**
 * A fixed-size open-addressing table of what one kind of actor (a device, a consumer) did in the
 * current window: one entry per key, found among {@link #PROBES} slots from the key's home slot.
 * Memory is fixed at construction whatever the traffic: {@link #BYTES_PER_SLOT} bytes a slot, in
 * one {@code long[]}:
 *
 * <pre>
 *  slot i:  +---------------------+------------------------+------------------------+
 *           | key (0 = empty)     | window start (ms)      | value                  |
 *           +---------------------+------------------------+------------------------+
 *            long [3i]              long [3i + 1]            long [3i + 2]
 * </pre>
 *
 * An entry of another window is stale: claiming its key starts it afresh at value 0. When all the
 * probed slots hold entries of the current window, the lightest (smallest {@link #weight}) is
 * overwritten: honest actors (weight 1 or 2) make room, heavy ones (the offenders) stay.
 * {@code value} is a count ({@link #counting}) or a 64-bit sketch whose weight is its bit count
 * ({@link #sketching}). Nothing is boxed and nothing is allocated after construction.
 *
 * <p>Concurrency: single writer, the verifier thread; not for other threads.
 */
public final class VelocityTable {
    /** Slots probed for a key: its home slot and the next ones. */
    public static final int PROBES = 8;
    /** Memory per slot: three longs. */
    public static final int BYTES_PER_SLOT = 3 * Long.BYTES;
    /** Fewest slots. */
    public static final int MIN_SLOTS = 64;
    /** Most slots (24 MiB). */
    public static final int MAX_SLOTS = 1 << 20;

    private static final int STRIDE = 3;
    /** The key stored for an actor whose hash is 0 (0 marks an empty slot). */
    private static final long ZERO_KEY = 0x9E3779B97F4A7C15L;

    private final long[] table;
    private final int mask;
    private final int shift;
    private final boolean sketch;
    private long evictedWeight = -1;
    private long evictions;

    private VelocityTable(final int slots, final boolean sketch) {
        if (slots < MIN_SLOTS || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two between " + MIN_SLOTS + " and " + MAX_SLOTS + ", was " + slots);
        }
        this.table = new long[slots * STRIDE];
        this.mask = slots - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(slots);
        this.sketch = sketch;
    }

    /** A table whose values are counts. */
    public static VelocityTable counting(final int slots) {
        return new VelocityTable(slots, false);
    }

    /** A table whose values are 64-bit sketches (one bit per bucket), weighed by their bit count. */
    public static VelocityTable sketching(final int slots) {
        return new VelocityTable(slots, true);
    }

    public int slots() {
        return mask + 1;
    }

    /** What the table holds on the heap: {@link #BYTES_PER_SLOT} a slot. */
    public long bytes() {
        return (long) slots() * BYTES_PER_SLOT;
    }

    /**
     * The entry of {@code key} in the window starting at {@code window}, made if missing (value 0):
     * in an empty slot, a stale one, or over the lightest entry probed. Returns its position for
     * {@link #value}; {@link #evictedWeight()} then says whom it overwrote.
     */
    public int claim(final long rawKey, final long window) {
        final long key = rawKey == 0 ? ZERO_KEY : rawKey;
        final int home = home(key);
        int victim = -1;
        long victimWeight = Long.MAX_VALUE;
        evictedWeight = -1;
        for (int i = 0; i < PROBES; i++) {
            final int at = ((home + i) & mask) * STRIDE;
            final long k = table[at];
            if (k == key) {
                if (table[at + 1] != window) {
                    table[at + 1] = window;
                    table[at + 2] = 0;
                }
                return at;
            }
            if (k == 0) {
                if (victimWeight > -1) {
                    victim = at;
                    victimWeight = -1;
                }
                break; // slots never empty again: the key is not further on
            }
            if (victimWeight > 0) {
                final long w = table[at + 1] != window ? 0 : weight(at);
                if (w < victimWeight) {
                    victim = at;
                    victimWeight = w;
                }
            }
        }
        if (victimWeight > 0) {
            evictedWeight = victimWeight;
            evictions++;
        }
        table[victim] = key;
        table[victim + 1] = window;
        table[victim + 2] = 0;
        return victim;
    }

    /** The position of {@code key}'s entry in the window starting at {@code window}, or -1. */
    public int find(final long rawKey, final long window) {
        final long key = rawKey == 0 ? ZERO_KEY : rawKey;
        final int home = home(key);
        for (int i = 0; i < PROBES; i++) {
            final int at = ((home + i) & mask) * STRIDE;
            final long k = table[at];
            if (k == key) {
                return table[at + 1] == window ? at : -1;
            }
            if (k == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** The weight of the current-window entry the last {@link #claim} overwrote, or -1 if none. */
    public long evictedWeight() {
        return evictedWeight;
    }

    /** Current-window entries overwritten to make room, since construction. */
    public long evictions() {
        return evictions;
    }

    public long value(final int at) {
        return table[at + 2];
    }

    public void value(final int at, final long value) {
        table[at + 2] = value;
    }

    /** The entry's weight: its count, or its sketch's bit count. */
    public long weight(final int at) {
        return sketch ? Long.bitCount(table[at + 2]) : table[at + 2];
    }

    public long key(final int at) {
        return table[at] == ZERO_KEY ? 0 : table[at];
    }

    public long window(final int at) {
        return table[at + 1];
    }

    /** Positions of slots, for a scan of every entry: 0, 3, 6, ... up to {@link #end()}, exclusive. */
    public static int next(final int at) {
        return at + STRIDE;
    }

    public int end() {
        return table.length;
    }

    /** Whether the slot at {@code at} holds an entry. */
    public boolean occupied(final int at) {
        return table[at] != 0;
    }

    private int home(final long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift) & mask;
    }
}
