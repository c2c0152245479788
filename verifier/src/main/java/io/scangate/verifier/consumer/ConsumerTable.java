package io.scangate.verifier.consumer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The consumer profiles, off-heap: an open-addressing table of 32-byte slots keyed by the consumer
 * id's 64-bit hash (linear probing, never more than 3/4 full, entries never removed), and the ids
 * themselves in an append-only arena, so an event can name the consumer a sweep judged.
 *
 * <pre>
 *  slot (32 bytes): 0 hash i64 (0 = free) | 8 purchases i32 | 12 first purchase, epoch s u32
 *                   16 last purchase, epoch s u32 | 20 batch of the last purchase i32
 *                   24 id's arena address (low 48 bits) | stage code (bits 56..63)
 *  arena entry:     length u16 | UTF-8 bytes   (address 0 = no id)
 *  header:          0 magic | 8 format | 16 slots | 24 consumers | 32 arena end
 *                   64 + 8 * k: counter k (0..7), kept for the owner ({@link #counter})
 * </pre>
 *
 * Sized for {@code capacity} consumers: ceil(capacity * 4 / 3) slots, 42.7 bytes per consumer at
 * capacity plus the id's length + 2. A hash of 0 is "no consumer" (never stored).
 *
 * <p>Concurrency: single writer (the verifier thread) and only reader.
 */
public final class ConsumerTable implements AutoCloseable {
    public static final int SLOT = 32;
    /** Most UTF-8 bytes of an id kept (the scan API allows 64 characters, at most 256 bytes). */
    public static final int MAX_ID_BYTES = 256;
    static final long MAGIC = 0x5347434f4e535531L; // "SGCONSU1"
    static final long FORMAT = 1;
    private static final int PURCHASES = 8;
    private static final int FIRST = 12;
    private static final int LAST = 16;
    private static final int BATCH = 20;
    private static final int REF = 24;
    private static final long ADDRESS_MASK = (1L << 48) - 1;

    private final OffHeapChunks slots;
    private final OffHeapChunks arena;
    private final long slotCount;
    private final long capacity;
    private long count;
    private long arenaEnd;
    /** While a snapshot copies the table ({@link ConsumerSection}): a bit per slot written since; null otherwise. */
    private long[] dirty;

    private ConsumerTable(final OffHeapChunks slots, final OffHeapChunks arena, final long capacity) {
        this.slots = slots;
        this.arena = arena;
        this.capacity = capacity;
        this.slotCount = slotsFor(capacity);
        final UnsafeBuffer h = slots.header();
        if (h.getLong(0) == MAGIC) {
            count = h.getLong(24);
            arenaEnd = h.getLong(32);
        } else {
            h.putLong(0, MAGIC);
            h.putLong(8, FORMAT);
            h.putLong(16, slotCount);
            count = 0;
            arenaEnd = 8;
            storeHeader();
        }
    }

    /** Slots for {@code capacity} consumers: a quarter kept free. */
    static long slotsFor(final long capacity) {
        return capacity + (capacity + 2) / 3 + 1;
    }

    /** A table in memory for {@code capacity} consumers (tests, benchmarks, rebuilds that are not kept). */
    public static ConsumerTable inMemory(final long capacity) {
        return new ConsumerTable(OffHeapChunks.inMemory(slotsFor(check(capacity)) * SLOT),
                OffHeapChunks.inMemory(Long.MAX_VALUE), capacity);
    }

    /**
     * The table in {@code slotsFile} and {@code idsFile}, created empty if missing; throws
     * {@link IllegalStateException} if they were written for another capacity or are not a table.
     */
    public static ConsumerTable open(final Path slotsFile, final Path idsFile, final long capacity) {
        final OffHeapChunks s = OffHeapChunks.open(slotsFile, slotsFor(check(capacity)) * SLOT);
        final UnsafeBuffer h = s.header();
        if (h.getLong(0) != 0 && (h.getLong(0) != MAGIC || h.getLong(8) != FORMAT || h.getLong(16) != slotsFor(capacity))) {
            s.close();
            throw new IllegalStateException(slotsFile + " is not a consumer table of format " + FORMAT + " for " + capacity + " consumers");
        }
        return new ConsumerTable(s, OffHeapChunks.open(idsFile, Long.MAX_VALUE), capacity);
    }

    private static long check(final long capacity) {
        if (capacity < 1 || capacity > 1L << 34) {
            throw new IllegalArgumentException("consumers.capacity must be 1 to " + (1L << 34) + ", was " + capacity);
        }
        return capacity;
    }

    /** The slot of {@code hash}, or -1 if the consumer has no profile. */
    public long find(final long hash) {
        long i = home(hash);
        while (true) {
            final long k = key(i);
            if (k == hash) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
            i = i + 1 == slotCount ? 0 : i + 1;
        }
    }

    /**
     * A new profile for {@code hash} (not yet in the table) with no purchase and {@code idLength}
     * bytes of {@code id}; its slot, or -1 when the table holds its capacity.
     */
    public long insert(final long hash, final byte[] id, final int idLength) {
        if (count >= capacity || hash == 0) {
            return -1;
        }
        long i = home(hash);
        while (key(i) != 0) {
            i = i + 1 == slotCount ? 0 : i + 1;
        }
        final long ref = idLength == 0 ? 0 : appendId(id, Math.min(idLength, MAX_ID_BYTES));
        final UnsafeBuffer b = slots.chunk(i * SLOT);
        final int o = slots.offset(i * SLOT);
        b.putInt(o + PURCHASES, 0);
        b.putInt(o + FIRST, 0);
        b.putInt(o + LAST, 0);
        b.putInt(o + BATCH, 0);
        b.putLong(o + REF, ref);
        b.putLong(o, hash);
        touched(i);
        count++;
        storeHeader();
        return i;
    }

    private long appendId(final byte[] id, final int length) {
        long at = arenaEnd;
        if (arena.offset(at) + 2L + length > arena.chunkMask() + 1) {
            at = (at | arena.chunkMask()) + 1; // the next chunk: an entry stays inside one
        }
        final UnsafeBuffer b = arena.chunk(at);
        final int o = arena.offset(at);
        b.putShort(o, (short) length);
        b.putBytes(o + 2, id, 0, length);
        arenaEnd = at + 2 + length;
        return at;
    }

    private void storeHeader() {
        final UnsafeBuffer h = slots.header();
        h.putLong(24, count);
        h.putLong(32, arenaEnd);
    }

    private long home(final long hash) {
        long h = hash * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return Long.remainderUnsigned(h, slotCount);
    }

    /** The hash in slot {@code i}, 0 if free. */
    public long key(final long i) {
        return slots.chunk(i * SLOT).getLong(slots.offset(i * SLOT));
    }

    public int purchases(final long i) {
        return slots.chunk(i * SLOT).getInt(slots.offset(i * SLOT) + PURCHASES);
    }

    /** First purchase, epoch milliseconds (kept to the second). */
    public long firstMillis(final long i) {
        return Integer.toUnsignedLong(slots.chunk(i * SLOT).getInt(slots.offset(i * SLOT) + FIRST)) * 1000;
    }

    /** Last purchase, epoch milliseconds (kept to the second). */
    public long lastMillis(final long i) {
        return Integer.toUnsignedLong(slots.chunk(i * SLOT).getInt(slots.offset(i * SLOT) + LAST)) * 1000;
    }

    public int lastBatch(final long i) {
        return slots.chunk(i * SLOT).getInt(slots.offset(i * SLOT) + BATCH);
    }

    /** The stage, null before the first purchase. */
    public Stage stage(final long i) {
        return Stage.ofCode((int) (slots.chunk(i * SLOT).getLong(slots.offset(i * SLOT) + REF) >>> 56));
    }

    /** Records a purchase: the count, the first (if none yet) and last time, the batch, the stage. */
    public void purchased(final long i, final int purchases, final long firstMillis, final long lastMillis, final int batch, final Stage stage) {
        final UnsafeBuffer b = slots.chunk(i * SLOT);
        final int o = slots.offset(i * SLOT);
        b.putInt(o + PURCHASES, purchases);
        b.putInt(o + FIRST, (int) (firstMillis / 1000));
        b.putInt(o + LAST, (int) (lastMillis / 1000));
        b.putInt(o + BATCH, batch);
        stage(i, stage);
        touched(i);
    }

    public void stage(final long i, final Stage stage) {
        final UnsafeBuffer b = slots.chunk(i * SLOT);
        final int o = slots.offset(i * SLOT);
        b.putLong(o + REF, (b.getLong(o + REF) & ADDRESS_MASK) | ((long) stage.code() << 56));
        touched(i);
    }

    private void touched(final long i) {
        final long[] d = dirty;
        if (d != null) {
            d[(int) (i >>> 6)] |= 1L << i;
        }
    }

    /** Starts (a fresh bitmap) or stops recording which slots are written: a snapshot's copy runs meanwhile. */
    void track(final boolean on) {
        dirty = on ? new long[(int) ((slotCount + 63) >>> 6)] : null;
    }

    /** The slots written since {@link #track} began, as a bitmap (null when not tracking). */
    long[] dirty() {
        return dirty;
    }

    OffHeapChunks slotChunks() {
        return slots;
    }

    OffHeapChunks arenaChunks() {
        return arena;
    }

    /** Verifier thread: takes the copied header's figures (consumers, arena end, counters) after a restore. */
    void restoredHeader(final byte[] header) {
        slots.header().putBytes(0, header);
        count = slots.header().getLong(24);
        arenaEnd = slots.header().getLong(32);
    }

    /** The consumer id of slot {@code i} as given, or null if it has none. */
    public String id(final long i) {
        final long at = slots.chunk(i * SLOT).getLong(slots.offset(i * SLOT) + REF) & ADDRESS_MASK;
        if (at == 0) {
            return null;
        }
        final UnsafeBuffer b = arena.chunk(at);
        final int o = arena.offset(at);
        final byte[] bytes = new byte[b.getShort(o) & 0xffff];
        b.getBytes(o + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Counter {@code k} (0..7) of the header: figures the owner keeps with the table (consumers by stage). */
    public long counter(final int k) {
        return slots.header().getLong(64 + 8 * k);
    }

    /** Adds {@code delta} to counter {@code k}. */
    public void addCounter(final int k, final long delta) {
        final UnsafeBuffer h = slots.header();
        h.putLong(64 + 8 * k, h.getLong(64 + 8 * k) + delta);
    }

    /** Slots in the table (the sweep's range). */
    public long slotCount() {
        return slotCount;
    }

    /** Profiles held. */
    public long size() {
        return count;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes of the ids arena in use. */
    public long arenaBytes() {
        return arenaEnd;
    }

    /** The files (null in memory): slots, ids. */
    public Path[] files() {
        return new Path[] {slots.file(), arena.file()};
    }

    @Override
    public void close() {
        try {
            slots.close();
        } finally {
            arena.close();
        }
    }
}
