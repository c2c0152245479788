package io.scangate.loadtest.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * What consumer profiles cost the verifier core (issue 16): {@link Verifier#scan} as in
 * {@link VerifierBenchmark}, with {@code consumers} = {@code none} (no consumer id: the figure
 * without profiles) or {@code every} (every scan carries one of {@value #CONSUMERS} consumer ids,
 * so every first scan is a purchase: a profile created or updated, the REPEAT and LOYAL events
 * journaled, and every repeat scan looks the profile up). {@link Journal#DISCARD}: the journal
 * append itself is measured in {@link JournaledVerifierBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ConsumerBenchmark {
    static final int CODES = 500_000;
    static final int CONSUMERS = 200_000;
    static final int FIRST_SCAN_BATCH = 100_000;
    static final int FIRST_SCAN_ITERATIONS = 15;
    static final long FRESH = (long) FIRST_SCAN_BATCH * FIRST_SCAN_ITERATIONS;
    private static final int INPUTS = 1 << 20;
    private static final int MASK = INPUTS - 1;

    @Param({"none", "every"})
    public String consumers;

    private final ScanEvent event = new ScanEvent();
    private ChronicleLedger ledger;
    private ConsumerBook book;
    private Verifier verifier;
    private long[] codeIds;
    private long[] devices;
    private byte[][] ids;
    private long[] idHashes;
    private int next;
    private long[] fresh;
    private int freshIndex;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = ChronicleLedger.inMemory(CODES + FRESH);
        book = new ConsumerBook(ConsumerTable.inMemory(CONSUMERS), LifecycleRules.DEFAULTS);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(Fixtures.keyRing()).consumers(book));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-COLA-330", "06901234567892", "CN-31", CODES + FRESH, null, null));
        final long[] seen = Fixtures.shuffledCodeIds(batch.firstSerial(), CODES);
        final long[] deviceHashes = Fixtures.randomLongs(1024, 11);
        codeIds = new long[INPUTS];
        devices = new long[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            codeIds[i] = seen[i % CODES];
            devices[i] = deviceHashes[i & 1023];
        }
        ids = new byte[CONSUMERS][];
        idHashes = new long[CONSUMERS];
        for (int c = 0; c < CONSUMERS; c++) {
            ids[c] = ("oAbCdEfGhIjKlMnOpQrStUv-" + c).getBytes(StandardCharsets.UTF_8); // an openid-like 28..30 characters
            idHashes[c] = Hashing.hash(ids[c], 0, ids[c].length);
        }
        for (int i = 0; i < CODES; i++) {
            fill(i, codeIds[i]);
            verifier.scan(event);
        }
        next = CODES;
        fresh = Fixtures.shuffledCodeIds(batch.firstSerial() + CODES, (int) FRESH);
    }

    @Setup(Level.Iteration)
    public void checkRoomForFirstScans() {
        if (freshIndex + FIRST_SCAN_BATCH > fresh.length) {
            throw new IllegalStateException("firstScan has room for " + FIRST_SCAN_ITERATIONS + " iterations of " + FIRST_SCAN_BATCH);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
        book.close();
    }

    private void fill(final int i, final long codeId) {
        final ScanEvent e = event;
        e.codeId = codeId;
        e.deviceHash = devices[i & MASK];
        e.region = Regions.NONE;
        if ("every".equals(consumers)) {
            final int c = (int) ((i * 0x9E3779B1L & 0xffffffffL) % CONSUMERS);
            System.arraycopy(ids[c], 0, e.consumer, 0, ids[c].length);
            e.consumerLength = ids[c].length;
            e.consumerHash = idHashes[c];
        } else {
            e.consumerLength = 0;
            e.consumerHash = 0;
        }
    }

    /** A repeat scan of a known code (with a consumer: the profile looked up for the answer). */
    @Benchmark
    public void repeatScan(final Blackhole bh) {
        final int i = next++;
        fill(i, codeIds[i & MASK]);
        verifier.scan(event);
        bh.consume(event.verdict);
        bh.consume(event.consumerPurchases);
    }

    /** The first scan of a code (with a consumer: a purchase, the profile created or updated). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(FIRST_SCAN_BATCH)
    public void firstScan(final Blackhole bh) {
        for (int n = 0; n < FIRST_SCAN_BATCH; n++) {
            fill(next++, fresh[freshIndex++]);
            verifier.scan(event);
            bh.consume(event.verdict);
            bh.consume(event.consumerPurchases);
        }
    }
}
