package io.scangate.verifier.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;

/**
 * {@link Ledger} over a persisted Chronicle Map of {@code LongValue → CodeRecord}. Reads and
 * updates bind a reused native reference to the entry in the mapped file and change it in place,
 * so a scan allocates nothing. No lock is taken: the verifier thread is the only writer and the
 * only reader.
 *
 * <p>After a crash the map is refilled from a snapshot and the journal after it behind the
 * server's back ({@link #refillFrom}): until that is done, a code the map lacks is looked up in
 * their {@link LedgerBase}s, and the single writer puts a code it changes into the map first.
 *
 * <p>Concurrency: single writer (the verifier thread); {@link #readShared}, {@link #forEachCopied}
 * and {@link #putter} beside it; a refill's own thread.
 */
public final class ChronicleLedger implements Ledger {
    private final ChronicleMap<LongValue, CodeRecord> map;
    private final long capacity;
    private final LongValue key = Values.newHeapInstance(LongValue.class);
    private final CodeRecord ref = Values.newNativeReference(CodeRecord.class);
    /** A snapshot's codes still being put into the map (a restart), or null. */
    private volatile LedgerRefill refill;
    /** The single writer's inserts of codes taken from a refill's bases. */
    private Putter writerPutter;

    private ChronicleLedger(final ChronicleMap<LongValue, CodeRecord> map, final long capacity) {
        this.map = map;
        this.capacity = capacity;
    }

    /** Opens or creates the map file sized for {@code entries} codes. */
    public static ChronicleLedger open(final Path file, final long entries) {
        try {
            final ChronicleLedger ledger = new ChronicleLedger(builder(entries).createPersistedTo(file.toFile()), entries);
            io.scangate.verifier.fs.OwnerOnly.restrict(file);
            return ledger;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open ledger file " + file, e);
        }
    }

    /**
     * Sized with 10% headroom over the configured count: the verifier refuses new codes at the
     * configured count, so Chronicle's own overflow (an exception deep in a put) is never reached.
     * Without Chronicle's JVM exit hook: on SIGTERM it closed the map while the server's own stop
     * (a shutdown hook too) still drained the ring and took the snapshot at stop, which failed on
     * a closed map; the owner closes the ledger.
     */
    private static ChronicleMapBuilder<LongValue, CodeRecord> builder(final long entries) {
        return ChronicleMapBuilder.of(LongValue.class, CodeRecord.class).name("scangate-ledger")
                .entries(entries + entries / 10 + 1_000).skipCloseOnExitHook(true);
    }

    /**
     * Initialises Chronicle's value classes on a daemon thread of their own (the precompiled
     * implementations are loaded, but Chronicle's value model still builds a compiler when it is
     * first used: some 0.6 s), so that a start's first map need not wait for all of it. Harmless if
     * the map is opened first: class initialisation happens once, whoever asks.
     */
    public static void warmUpInBackground() {
        final Thread t = new Thread(() -> {
            Values.heapClassFor(LongValue.class);
            Values.nativeClassFor(CodeRecord.class);
        }, "scangate-chronicle-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Creates an in-memory ledger (tests and benchmarks). */
    public static ChronicleLedger inMemory(final long entries) {
        return new ChronicleLedger(builder(entries).create(), entries);
    }

    @Override
    public boolean read(final long codeId, final CodeState into) {
        key.setValue(codeId);
        if (map.getUsing(key, ref) == null) {
            final LedgerRefill r = refill;
            if (r != null && r.find(codeId, into)) {
                return true;
            }
            into.clear();
            return false;
        }
        into.copyFrom(ref);
        return true;
    }

    /**
     * Puts a snapshot's codes ({@code base}) and the journal's later states ({@code tail}, which
     * win) into this map by a thread of its own, answering the codes the map lacks from them
     * meanwhile; {@code base} says which codes both hold, and the map holds none of theirs.
     * Before the single writer starts.
     */
    public void refillFrom(final LedgerBase tail, final LedgerBase.Built base) {
        if (refill != null) {
            throw new IllegalStateException("a refill is under way");
        }
        final LedgerRefill r = new LedgerRefill(tail, base, map.longSize() + tail.count() + base.base().count() - base.overlap(), this,
                () -> refill = null);
        refill = r;
        r.start();
    }

    /** Whether a refill is under way (codes may still be answered from a snapshot's base). */
    public boolean refilling() {
        return refill != null;
    }

    /** Waits until a refill under way is done (nothing if none is); throws if it failed. */
    public void awaitRefill() {
        final LedgerRefill r = refill;
        if (r != null) {
            r.await();
        }
    }

    /** Puts codes from a thread of its own (its own key, reference and value): several restore a snapshot at once into a map nobody reads yet. */
    public final class Putter {
        private final LongValue k = Values.newHeapInstance(LongValue.class);
        private final CodeRecord r = Values.newNativeReference(CodeRecord.class);
        private final CodeRecord v = Values.newHeapInstance(CodeRecord.class);

        /** Puts {@code state} for {@code codeId}: best for codes the map holds (a journal's repeat scans). */
        public void put(final long codeId, final CodeState state) {
            k.setValue(codeId);
            state.copyTo(map.acquireUsing(k, r));
        }

        /**
         * As {@link #put}, best for codes the map does not hold yet (a snapshot restored): the whole
         * value is written once, through a query context, where acquiring an absent entry writes a
         * default value first. In the map's own order, 460 ns a put against 585 ns (BENCHMARKS.md,
         * issue 17); for codes it holds, slower than {@link #put}. True if the map did not hold the code.
         */
        public boolean putNew(final long codeId, final CodeState state) {
            return put(codeId, state, true);
        }

        /** Puts {@code state} for {@code codeId} unless the map holds the code; true if it was put. */
        public boolean putIfAbsent(final long codeId, final CodeState state) {
            return put(codeId, state, false);
        }

        private boolean put(final long codeId, final CodeState state, final boolean replace) {
            k.setValue(codeId);
            state.copyTo(v);
            try (net.openhft.chronicle.map.ExternalMapQueryContext<LongValue, CodeRecord, ?> q = map.queryContext(k)) {
                q.updateLock().lock();
                final net.openhft.chronicle.map.MapAbsentEntry<LongValue, CodeRecord> absent = q.absentEntry();
                if (absent != null) {
                    q.insert(absent, q.wrapValueAsData(v));
                    return true;
                }
                if (replace) {
                    q.replaceValue(q.entry(), q.wrapValueAsData(v));
                }
                return false;
            }
        }
    }

    /** A putter for one more thread. */
    public Putter putter() {
        return new Putter();
    }

    /** As {@link #read}, safe beside the single writer (its own key and reference; allocates: checks, not the hot path). */
    public boolean readShared(final long codeId, final CodeState into) {
        final LongValue k = Values.newHeapInstance(LongValue.class);
        k.setValue(codeId);
        final CodeRecord r = Values.newNativeReference(CodeRecord.class);
        if (map.getUsing(k, r) == null) {
            final LedgerRefill refilling = refill;
            if (refilling != null && refilling.find(codeId, into)) {
                return true;
            }
            into.clear();
            return false;
        }
        if (r.getScanCount() == 0 && r.getFlags() == 0) {
            into.clear();
            return false;
        }
        into.copyFrom(r);
        return true;
    }

    @Override
    public void readForUpdate(final long codeId, final CodeState into) {
        key.setValue(codeId);
        final LedgerRefill r = refill;
        if (r != null) {
            if (map.getUsing(key, ref) != null) {
                into.copyFrom(ref);
                return;
            }
            if (r.find(codeId, into)) {
                writerPutter().putIfAbsent(codeId, into); // taken from the base before the refill reached it
            } else {
                r.fresh();
            }
        }
        into.copyFrom(map.acquireUsing(key, ref));
    }

    private Putter writerPutter() {
        if (writerPutter == null) {
            writerPutter = new Putter();
        }
        return writerPutter;
    }

    @Override
    public void writeBack(final CodeState state) {
        state.copyTo(ref);
    }

    @Override
    public void put(final long codeId, final CodeState state) {
        key.setValue(codeId);
        final LedgerRefill r = refill;
        if (r != null && map.getUsing(key, ref) == null && !r.contains(codeId)) {
            r.fresh();
        }
        state.copyTo(map.acquireUsing(key, ref));
    }

    @Override
    public void forEach(final java.util.function.ObjLongConsumer<CodeState> visitor) {
        awaitRefill();
        final CodeState s = new CodeState();
        map.forEachEntry(e -> {
            s.copyFrom(e.value().get());
            if (s.scanCount != 0 || s.flags != 0) {
                visitor.accept(s, e.key().get().getValue());
            }
        });
    }

    /**
     * As {@link #forEach}, for a reader beside the single writer (a snapshot, a check): each of
     * Chronicle's segments is copied out under its lock and visited after it is released, so the
     * writer never waits on a segment for the visitor's work (its I/O above all): only for the
     * copy, some 100 ns an entry.
     */
    @Override
    public void forEachCopied(final java.util.function.ObjLongConsumer<CodeState> visitor) {
        awaitRefill();
        final CodeState s = new CodeState();
        long[] block = new long[0];
        for (int seg = 0, n = map.segments(); seg < n; seg++) {
            final int[] count = {0};
            final long[][] into = {block};
            try (net.openhft.chronicle.map.MapSegmentContext<LongValue, CodeRecord, ?> c = map.segmentContext(seg)) {
                final long size = c.size();
                if (into[0].length < size * CodeState.LONGS_WITH_ID) {
                    into[0] = new long[(int) Math.min(Integer.MAX_VALUE - 8, (size + size / 4 + 16) * CodeState.LONGS_WITH_ID)];
                }
                c.forEachSegmentEntry(e -> {
                    s.copyFrom(e.value().get());
                    if (s.scanCount != 0 || s.flags != 0) {
                        if ((count[0] + 1) * CodeState.LONGS_WITH_ID > into[0].length) {
                            into[0] = java.util.Arrays.copyOf(into[0], into[0].length * 2 + CodeState.LONGS_WITH_ID * 64); // grew meanwhile
                        }
                        s.store(e.key().get().getValue(), into[0], count[0]++ * CodeState.LONGS_WITH_ID);
                    }
                });
            }
            block = into[0];
            for (int i = 0; i < count[0]; i++) {
                visitor.accept(s, s.load(block, i * CodeState.LONGS_WITH_ID));
            }
        }
    }

    @Override
    public long size() {
        final LedgerRefill r = refill;
        return r != null ? r.size() : map.longSize();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void close() {
        try {
            awaitRefill(); // a ledger closed before its refill is done would be taken for whole at the next start
        } finally {
            map.close();
        }
    }
}
