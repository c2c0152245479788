package io.scangate.loadtest.bench;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

/**
 * One scan's ledger update on the in-memory Chronicle ledger, as the verifier does it:
 * {@code readForUpdate} (get-or-create, bind the entry, copy it out), {@code countScan} on the
 * on-heap copy and {@code writeBack} into the bound entry. Beside it two baselines do the same
 * bookkeeping in place: a boxed {@code HashMap<Long, long[]>} and an Agrona
 * {@link Long2LongHashMap} index over 48-byte records in a direct buffer.
 *
 * <p>A hit updates one of {@code entries} pre-inserted codes picked at random (a random walk over
 * the whole key space, so each lookup misses the CPU caches). A miss inserts a code never seen,
 * in a random order too (sequential keys would favour the baselines, whose hash functions keep
 * neighbouring keys in neighbouring buckets).
 *
 * <p>Misses grow the store, so they cannot run for a fixed time: each miss iteration is one call
 * that inserts {@value #MISS_BATCH} fresh codes ({@code SingleShotTime} divided by
 * {@code @OperationsPerInvocation}), and the stores have room for {@value #MISS_ITERATIONS} such
 * iterations (warm-up included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerBenchmark {
    static final int MISS_BATCH = 100_000;
    static final int MISS_ITERATIONS = 15;
    static final long MISS_HEADROOM = (long) MISS_BATCH * MISS_ITERATIONS;
    /** Pre-drawn hit keys, cycled; 8 MB, so the walk itself stays out of the way. */
    static final int HIT_KEYS = 1 << 20;
    static final long REGION = Regions.pack("CN-31");

    /** Keys and clock shared by every store; a subclass holds the store. */
    @State(Scope.Thread)
    public abstract static class Store {
        @Param({"1000000", "10000000"})
        public int entries;

        private long[] hits;
        private int nextHit;
        private long[] fresh;
        private int freshIndex;
        private long now = 1_790_000_000_000L;
        private final long[] devices = Fixtures.randomLongs(1024, 7);

        @Setup(Level.Trial)
        public void fill() {
            hits = Fixtures.randomCodeIds(HIT_KEYS, 1, entries);
            open(entries + MISS_HEADROOM);
            for (long serial = 1; serial <= entries; serial++) {
                recordScan(Fixtures.codeId(serial));
            }
            fresh = Fixtures.shuffledCodeIds(entries + 1L, (int) MISS_HEADROOM);
        }

        @Setup(Level.Iteration)
        public void checkRoomForMisses() {
            if (freshIndex + MISS_BATCH > fresh.length) {
                throw new IllegalStateException("the miss benchmarks have room for " + MISS_ITERATIONS
                        + " iterations (warm-up + measurement) of " + MISS_BATCH + " fresh codes; use fewer");
            }
        }

        final long nextHit() {
            return hits[nextHit++ & (HIT_KEYS - 1)];
        }

        final long nextFresh() {
            return fresh[freshIndex++];
        }

        /** The next scan time; one millisecond per scan. */
        final long tick() {
            return now++;
        }

        final long device(final long atMillis) {
            return devices[(int) atMillis & 1023];
        }

        /** Counts one scan of {@code codeId} now; returns its scan count. */
        final int recordScan(final long codeId) {
            final long at = tick();
            return recordScan(codeId, at, device(at), REGION);
        }

        abstract void open(long capacity);

        abstract int recordScan(long codeId, long atMillis, long deviceHash, long region);
    }

    /** The production ledger: Chronicle Map of LongValue to a 48-byte CodeRecord, off-heap. */
    public static class ChronicleStore extends Store {
        final CodeState state = new CodeState();
        ChronicleLedger ledger;

        @Override
        void open(final long capacity) {
            ledger = ChronicleLedger.inMemory(capacity);
        }

        @Override
        int recordScan(final long codeId, final long atMillis, final long deviceHash, final long region) {
            return update(ledger, state, codeId, atMillis, deviceHash, region);
        }

        @TearDown(Level.Trial)
        public void close() {
            ledger.close();
        }
    }

    /** Baseline: boxed keys, one {@code long[6]} per code, on heap. */
    public static class HashMapStore extends Store {
        private HashMap<Long, long[]> map;

        @Override
        void open(final long capacity) {
            map = new HashMap<>((int) (capacity * 4 / 3 + 1));
        }

        @Override
        int recordScan(final long codeId, final long atMillis, final long deviceHash, final long region) {
            long[] r = map.get(codeId);
            if (r == null) {
                r = new long[6];
                map.put(codeId, r);
            }
            if (r[5] == 0) {
                r[0] = atMillis;
                r[2] = deviceHash;
                r[3] = region;
            }
            r[1] = atMillis;
            r[4] = region;
            return (int) ++r[5];
        }
    }

    /**
     * Baseline: primitive open-addressing index (code id to slot) over fixed 48-byte records in
     * one direct buffer: the Agrona alternative to Chronicle Map, without persistence.
     */
    public static class AgronaStore extends Store {
        private static final int RECORD = 48;
        private static final int FIRST_AT = 0;
        private static final int LAST_AT = 8;
        private static final int FIRST_DEVICE = 16;
        private static final int FIRST_REGION = 24;
        private static final int LAST_REGION = 32;
        private static final int COUNT = 40;

        private Long2LongHashMap index;
        private UnsafeBuffer records;
        private int size;

        @Override
        void open(final long capacity) {
            final float load = 0.65f;
            index = new Long2LongHashMap((int) (capacity / load) + 1, load, -1);
            records = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.toIntExact(capacity * RECORD)));
        }

        @Override
        int recordScan(final long codeId, final long atMillis, final long deviceHash, final long region) {
            long slot = index.get(codeId);
            if (slot < 0) {
                slot = size++;
                index.put(codeId, slot);
            }
            final int at = (int) slot * RECORD;
            final int count = records.getInt(at + COUNT);
            if (count == 0) {
                records.putLong(at + FIRST_AT, atMillis);
                records.putLong(at + FIRST_DEVICE, deviceHash);
                records.putLong(at + FIRST_REGION, region);
            }
            records.putLong(at + LAST_AT, atMillis);
            records.putLong(at + LAST_REGION, region);
            records.putInt(at + COUNT, count + 1);
            return count + 1;
        }
    }

    /** The verifier's ledger work for one counted scan (the voided check aside). */
    static int update(final ChronicleLedger ledger, final CodeState state, final long codeId, final long atMillis,
                      final long deviceHash, final long region) {
        ledger.readForUpdate(codeId, state);
        state.countScan(atMillis, deviceHash, region);
        ledger.writeBack(state);
        return state.scanCount;
    }

    /** Chronicle ledger, existing code: get, copy out, count, write back. */
    @Benchmark
    public int chronicleHit(final ChronicleStore s) {
        final long at = s.tick();
        return update(s.ledger, s.state, s.nextHit(), at, s.device(at), REGION);
    }

    /** Baseline of {@link #chronicleHit}. */
    @Benchmark
    public int hashMapHit(final HashMapStore s) {
        return s.recordScan(s.nextHit());
    }

    /** Baseline of {@link #chronicleHit}. */
    @Benchmark
    public int agronaHit(final AgronaStore s) {
        return s.recordScan(s.nextHit());
    }

    /** Chronicle ledger, first scan of a code: insert. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(MISS_BATCH)
    public void chronicleMiss(final ChronicleStore s, final Blackhole bh) {
        for (int i = 0; i < MISS_BATCH; i++) {
            final long at = s.tick();
            bh.consume(update(s.ledger, s.state, s.nextFresh(), at, s.device(at), REGION));
        }
    }

    /** Baseline of {@link #chronicleMiss}. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(MISS_BATCH)
    public void hashMapMiss(final HashMapStore s, final Blackhole bh) {
        for (int i = 0; i < MISS_BATCH; i++) {
            bh.consume(s.recordScan(s.nextFresh()));
        }
    }

    /** Baseline of {@link #chronicleMiss}. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(MISS_BATCH)
    public void agronaMiss(final AgronaStore s, final Blackhole bh) {
        for (int i = 0; i < MISS_BATCH; i++) {
            bh.consume(s.recordScan(s.nextFresh()));
        }
    }
}
