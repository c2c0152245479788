package io.scangate.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalSyncer;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;
import io.scangate.verifier.ring.VerifierRing;

/**
 * Publish to handle through the {@link VerifierRing} (Disruptor, multi-producer, blocking wait
 * strategy) with one publisher, the benchmark thread, and a {@link ReplyRouter} that only counts.
 * The publisher spins while the ring is full, so the score is the sustained rate of the slower
 * side. With {@code path=UNKNOWN} the codes belong to no batch: the verifier answers after a
 * batch lookup, so the score is mostly the hand-off. With {@code path=GENUINE} they are repeat
 * scans of 1M known codes, as in {@link VerifierBenchmark#repeatScan}. The baseline
 * {@link #direct} runs the same translator, verifier and router on the calling thread.
 *
 * <p>{@code journal=DISCARD} appends nothing; {@code journal=FILE_ASYNC} is the server's
 * {@code durability=async} verifier: a {@link FileJournal} of 64 MiB segments in a temporary
 * directory (the next one prepared ahead by its own thread) and a {@link JournalSyncer} forcing
 * every 10 ms, so the score includes the append, the rollovers and the syncer's share of the cores.
 *
 * <p>The ring is {@value #RING_SIZE} slots, not the server's 65536: the events left in the ring
 * when an iteration ends (counted, not yet handled) would otherwise inflate the score by a few
 * per cent. The backlog is drained between iterations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RingBenchmark {
    static final int RING_SIZE = 4096;
    static final int CODES = 1_000_000;
    private static final int INPUTS = 1 << 20;
    private static final int MASK = INPUTS - 1;
    private static final long REGION = Regions.pack("CN-31");

    private static final EventTranslatorOneArg<ScanEvent, RingBenchmark> FILL = (e, sequence, b) -> {
        final int i = b.next & MASK;
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = b.codeIds[i];
        e.tag = 0;
        e.deviceHash = b.devices[i & 1023];
        e.consumerHash = 0;
        e.region = REGION;
        e.gtin = 0;
        e.receivedNanos = 0;
        e.replyTo = null;
    };

    @Param({"UNKNOWN", "GENUINE"})
    public String path;

    @Param({"DISCARD", "FILE_ASYNC"})
    public String journal;

    private final CountingRouter router = new CountingRouter();
    private final ScanEvent event = new ScanEvent();
    private ChronicleLedger ledger;
    private Verifier verifier;
    private VerifierRing ring;
    private long[] codeIds;
    private long[] devices;
    private int next;
    private Path dir;
    private FileJournal fileJournal;
    private JournalSyncer syncer;

    /**
     * Counts completions.
     *
     * <p>Concurrency: plain fields, written by the verifier thread in {@link #publish} runs and by
     * the benchmark thread in {@link #direct} runs, never both in one fork; nothing reads them
     * across threads.
     */
    static final class CountingRouter implements ReplyRouter {
        long completed;
        long batches;

        @Override
        public void complete(final ScanEvent e) {
            completed++;
        }

        @Override
        public void endOfBatch(final long journalPosition) {
            batches++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Journal j = Journal.DISCARD;
        if ("FILE_ASYNC".equals(journal)) {
            dir = Files.createTempDirectory("scangate-jmh-ring");
            fileJournal = FileJournal.open(dir, 64 << 20);
            syncer = new JournalSyncer(fileJournal, DurabilityMode.ASYNC, 10, position -> { }, (nanos, bytes) -> { });
            syncer.start();
            j = fileJournal;
        } else if (!"DISCARD".equals(journal)) {
            throw new IllegalArgumentException("journal must be DISCARD or FILE_ASYNC, not " + journal);
        }
        ledger = ChronicleLedger.inMemory(CODES);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(j).batches(BatchRegistry.inMemory()).keys(Fixtures.keyRing()));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-COLA-330", "06901234567892", "CN-31", (long) CODES, null, null));
        devices = Fixtures.randomLongs(1024, 13);
        final long[] known = Fixtures.shuffledCodeIds(batch.firstSerial(), CODES);
        codeIds = new long[INPUTS];
        final boolean genuine = "GENUINE".equals(path);
        for (int i = 0; i < INPUTS; i++) {
            // UNKNOWN: serials past the batch's end, under the same key id.
            codeIds[i] = genuine ? known[i % CODES] : Fixtures.codeId(batch.firstSerial() + CODES + 1 + i);
        }
        if (genuine) {
            for (int i = 0; i < CODES; i++) {
                FILL.translateTo(event, i, this);
                verifier.scan(event);
                next++;
            }
        }
        ring = new VerifierRing(new VerifierRing.Context().size(RING_SIZE).verifier(verifier).router(router));
        ring.start();
    }

    @TearDown(Level.Iteration)
    public void drain() {
        while (ring.remainingCapacity() < ring.bufferSize()) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (router.batches > 0) {
            // How well the verifier batches decides the cost of each hand-off; JMH has no metric for it.
            System.out.printf("ring: %d events handled in %d verifier batches, %.1f events per batch%n",
                    router.completed, router.batches, (double) router.completed / router.batches);
        }
        ring.drainAndStop(30, TimeUnit.SECONDS);
        if (syncer != null) {
            syncer.close();
            System.out.printf("journal: %d segment(s) of 64 MB%n", fileJournal.segmentCount());
            fileJournal.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (final Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        ledger.close();
    }

    /** One scan published and (eventually) handled on the verifier thread. */
    @Benchmark
    public void publish() {
        while (!ring.tryPublish(FILL, this)) {
            Thread.onSpinWait();
        }
        next++;
    }

    /** Baseline of {@link #publish}: the same work on the calling thread, no hand-off. */
    @Benchmark
    public long direct() {
        FILL.translateTo(event, next, this);
        verifier.scan(event);
        router.complete(event);
        next++;
        return router.completed;
    }
}
