package io.scangate.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * The verifier core: {@link Verifier#scan} on the calling thread, no ring, as the verifier
 * thread runs it, with {@link Journal#DISCARD} (the journal append is not measured here). One active batch of {@value #CODES} codes already scanned once each; scans walk
 * those codes in a random order ({@link #repeatScan}, every code a ledger hit), half of them
 * carrying the batch's GTIN as a GS1 Digital Link scan does, from 1024 devices and 4 regions.
 * {@link #firstScan} scans codes of the same batch never scanned before, in a random order (a
 * ledger insert).
 * The baseline {@link #batchLookupOnly} fills the event and finds the batch the same way, without
 * touching the ledger.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifierBenchmark {
    static final int CODES = 1_000_000;
    static final int FIRST_SCAN_BATCH = 100_000;
    static final int FIRST_SCAN_ITERATIONS = 15;
    static final long FRESH = (long) FIRST_SCAN_BATCH * FIRST_SCAN_ITERATIONS;
    static final long GTIN = 6_901_234_567_892L;
    private static final int INPUTS = 1 << 20;
    private static final int MASK = INPUTS - 1;

    private final ScanEvent event = new ScanEvent();
    private ChronicleLedger ledger;
    private Verifier verifier;
    private long[] codeIds;
    private long[] devices;
    private long[] regions;
    private long[] gtins;
    private int next;
    private long[] fresh;
    private int freshIndex;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = ChronicleLedger.inMemory(CODES + FRESH);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(Fixtures.keyRing()));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-COLA-330", "06901234567892", "CN-31",
                CODES + FRESH, null, null));
        // Codes [first, first + CODES) were scanned before; the rest are for first scans.
        final long[] seen = Fixtures.shuffledCodeIds(batch.firstSerial(), CODES);
        codeIds = new long[INPUTS];
        devices = new long[INPUTS];
        regions = new long[INPUTS];
        gtins = new long[INPUTS];
        final long[] deviceHashes = Fixtures.randomLongs(1024, 11);
        final long[] regionCodes = {Regions.pack("CN-31"), Regions.pack("CN-11"), Regions.pack("CN-44"), Regions.pack("HK")};
        for (int i = 0; i < INPUTS; i++) {
            codeIds[i] = seen[i % CODES];
            devices[i] = deviceHashes[i & 1023];
            regions[i] = regionCodes[(i >>> 10) & 3];
            gtins[i] = (i & 1) == 0 ? GTIN : 0;
        }
        for (int i = 0; i < CODES; i++) {
            scan(i);
            if (event.verdict != Verdict.GENUINE || event.scanCount != 1) {
                throw new IllegalStateException("pre-scan " + i + " gave " + event.verdict + " count " + event.scanCount);
            }
        }
        next = CODES;
        fresh = Fixtures.shuffledCodeIds(batch.firstSerial() + CODES, (int) FRESH);
    }

    @Setup(Level.Iteration)
    public void checkRoomForFirstScans() {
        if (freshIndex + FIRST_SCAN_BATCH > fresh.length) {
            throw new IllegalStateException("firstScan has room for " + FIRST_SCAN_ITERATIONS
                    + " iterations (warm-up + measurement) of " + FIRST_SCAN_BATCH + " fresh codes; use fewer");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
    }

    private void scan(final int i) {
        fill(i);
        verifier.scan(event);
    }

    private void fill(final int i) {
        final ScanEvent e = event;
        e.codeId = codeIds[i];
        e.deviceHash = devices[i];
        e.region = regions[i];
        e.gtin = gtins[i];
    }

    /** A repeat scan of a known code: batch lookup, GTIN check, ledger get + update. */
    @Benchmark
    public void repeatScan(final Blackhole bh) {
        scan(next++ & MASK);
        bh.consume(event.verdict);
        bh.consume(event.scanCount);
    }

    /** Baseline of {@link #repeatScan}: the same inputs and batch lookup, no ledger. */
    @Benchmark
    public void batchLookupOnly(final Blackhole bh) {
        fill(next++ & MASK);
        final Batch batch = verifier.batches().index().find(event.codeId);
        event.batch = batch;
        bh.consume(batch);
        bh.consume(event.scanCount);
    }

    /** The first scan of a code: as {@link #repeatScan}, but the ledger inserts. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(FIRST_SCAN_BATCH)
    public void firstScan(final Blackhole bh) {
        final ScanEvent e = event;
        for (int n = 0; n < FIRST_SCAN_BATCH; n++) {
            final int i = next++ & MASK;
            e.codeId = fresh[freshIndex++];
            e.deviceHash = devices[i];
            e.region = regions[i];
            e.gtin = gtins[i];
            verifier.scan(e);
            bh.consume(e.verdict);
            bh.consume(e.scanCount);
        }
    }
}
