package io.scangate.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

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

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalSyncer;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * {@link Verifier#scan} with a real {@link FileJournal}, beside the same scans with
 * {@link Journal#DISCARD}, so the journal append's cost per scan shows: the inputs, ledger and
 * scan order are those of {@link VerifierBenchmark} (1M codes scanned once in set-up, repeat scans
 * in random order, half with a GTIN; first scans of never-scanned codes in random order); only the
 * journal differs.
 *
 * <p>{@code journal}: {@code DISCARD} (baseline, no append); {@code FILE}: appends to 64 MB
 * ({@code segmentMb}) segments in a temporary directory, written at the end of each {@link #RING_BATCH} scans, with no syncer, so each segment rollover
 * fdatasyncs the whole 64 MB segment on the verifier thread (the worst case); {@code FILE_ASYNC}: the
 * same with a {@link JournalSyncer} in async mode forcing every 10 ms on its own thread, as the
 * server's {@code durability=async} runs it (the rollover then finds little left to write, but the
 * syncer competes for the two cores). The ledger is in memory in all three, as in
 * {@link VerifierBenchmark}. Journal files are deleted at the end of the trial.
 *
 * <p>Concurrency: the benchmark thread is the verifier thread; the syncer ({@code FILE_ASYNC}) only
 * calls {@link FileJournal#force()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class JournaledVerifierBenchmark {
    static final int CODES = 1_000_000;
    static final int FIRST_SCAN_BATCH = 100_000;
    static final int FIRST_SCAN_ITERATIONS = 15;
    static final long FRESH = (long) FIRST_SCAN_BATCH * FIRST_SCAN_ITERATIONS;
    static final long GTIN = 6_901_234_567_892L;
    static final long ASYNC_INTERVAL_MS = 10;
    /** Scans per ring batch: the server's batches under load from 64 connections are some 10-20 scans. */
    static final int RING_BATCH = 16;
    private static final int INPUTS = 1 << 20;
    private static final int MASK = INPUTS - 1;

    @Param({"DISCARD", "FILE", "FILE_ASYNC"})
    public String journal;

    /**
     * Journal segment size in MB (the server's default 64). {@code -p segmentMb=1024} moves the
     * rollovers out of most iterations, to tell the append itself from the rollover.
     */
    @Param({"64"})
    public int segmentMb;

    private final ScanEvent event = new ScanEvent();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong syncedBytes = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private Path dir;
    private FileJournal fileJournal;
    /** The verifier's journal, {@link #fileJournal} or {@link Journal#DISCARD}. */
    private Journal verifierJournal;
    /** Scans since the last batch end. */
    private int inBatch;
    private JournalSyncer syncer;
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
    public void setUp() throws IOException {
        final Journal j;
        if ("DISCARD".equals(journal)) {
            j = Journal.DISCARD;
        } else {
            dir = Files.createTempDirectory("scangate-jmh-journal");
            if (segmentMb < 1 || segmentMb > 1024) {
                throw new IllegalArgumentException("segmentMb must be 1..1024, not " + segmentMb);
            }
            fileJournal = FileJournal.open(dir, segmentMb << 20);
            j = fileJournal;
            if ("FILE_ASYNC".equals(journal)) {
                syncer = new JournalSyncer(fileJournal, DurabilityMode.ASYNC, ASYNC_INTERVAL_MS, position -> { }, (nanos, bytes) -> {
                    syncs.incrementAndGet();
                    syncNanos.addAndGet(nanos);
                    syncedBytes.addAndGet(bytes);
                });
                syncer.start();
            } else if (!"FILE".equals(journal)) {
                throw new IllegalArgumentException("journal must be DISCARD, FILE or FILE_ASYNC, not " + journal);
            }
        }
        ledger = ChronicleLedger.inMemory(CODES + FRESH);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(j).batches(BatchRegistry.inMemory()).keys(Fixtures.keyRing()));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-COLA-330", "06901234567892", "CN-31",
                CODES + FRESH, null, null));
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
        // as on the ring: appends wait for the batch's end, which writes them with one pwrite
        verifierJournal = j;
        verifierJournal.deferWrites(true);
    }

    @Setup(Level.Iteration)
    public void checkRoomForFirstScans() {
        if (freshIndex + FIRST_SCAN_BATCH > fresh.length) {
            throw new IllegalStateException("firstScan has room for " + FIRST_SCAN_ITERATIONS
                    + " iterations (warm-up + measurement) of " + FIRST_SCAN_BATCH + " fresh codes; use fewer");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (syncer != null) {
            syncer.close();
            final long n = syncs.get();
            System.out.printf("%njournal syncer: %d fsyncs, %.1f KB and %.2f ms each on average%n", n,
                    n == 0 ? 0.0 : syncedBytes.get() / 1024.0 / n, n == 0 ? 0.0 : syncNanos.get() / 1e6 / n);
        }
        if (fileJournal != null) {
            System.out.printf("journal: %d segment(s) of %d MB written%n", fileJournal.segmentCount(), segmentMb);
            fileJournal.close();
        }
        ledger.close();
        if (dir != null) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void scan(final int i) {
        fill(i);
        verifier.scan(event);
        if (++inBatch == RING_BATCH) {
            inBatch = 0;
            verifierJournal.flush(); // a ring batch's end: the batch's records go to the file
        }
    }

    private void fill(final int i) {
        final ScanEvent e = event;
        e.codeId = codeIds[i];
        e.deviceHash = devices[i];
        e.region = regions[i];
        e.gtin = gtins[i];
    }

    /** A repeat scan of a known code: batch lookup, GTIN check, ledger get + update, journal append. */
    @Benchmark
    public void repeatScan(final Blackhole bh) {
        scan(next++ & MASK);
        bh.consume(event.verdict);
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
