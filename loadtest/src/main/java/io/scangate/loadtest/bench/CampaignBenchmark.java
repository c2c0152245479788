package io.scangate.loadtest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.infra.Blackhole;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * The verifier core with 0, 1 or 20 running campaigns (region CN, win probability 0.3, a budget
 * that never runs out): {@link #repeatScan} rescans codes that already drew (the winner lookup),
 * {@link #firstScan} scans fresh codes (a draw per campaign, a reward object per win). As
 * {@link VerifierBenchmark}, with {@link Journal#DISCARD}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CampaignBenchmark {
    static final int CODES = 200_000;
    static final int FRESH = 6_000_000;
    private static final int MASK = (1 << 17) - 1;

    @Param({"0", "1", "20"})
    public int campaigns;

    private final ScanEvent event = new ScanEvent();
    private ChronicleLedger ledger;
    private Verifier verifier;
    private long[] seen;
    private long[] fresh;
    private long[] devices;
    private int next;
    private int freshIndex;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = ChronicleLedger.inMemory(CODES + FRESH);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(Fixtures.keyRing()));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-COLA-330", "06901234567892", "CN-31", (long) CODES + FRESH, null, null));
        final Instant now = Instant.now();
        for (int c = 0; c < campaigns; c++) {
            verifier.applyCampaign(("{\"id\":\"bench-" + c + "\",\"start\":\"" + now.minusSeconds(3600) + "\",\"end\":\"" + now.plusSeconds(86_400)
                    + "\",\"regions\":[\"CN\"],\"winProbability\":0.3,\"currency\":\"CNY\",\"budget\":{\"count\":1000000000,\"amount\":1000000000000},"
                    + "\"prizes\":[{\"id\":\"big\",\"amount\":8800,\"weight\":1},{\"id\":\"small\",\"amount\":100,\"weight\":99}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        seen = Fixtures.shuffledCodeIds(batch.firstSerial(), CODES);
        fresh = Fixtures.shuffledCodeIds(batch.firstSerial() + CODES, FRESH);
        devices = Fixtures.randomLongs(1024, 11);
        event.region = Regions.pack("CN-31");
        event.deviceLength = 8;
        for (int i = 0; i < CODES; i++) {
            scan(seen[i], i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
    }

    private void scan(final long codeId, final int i) {
        event.codeId = codeId;
        event.deviceHash = devices[i & 1023];
        verifier.scan(event);
    }

    @Benchmark
    public void repeatScan(final Blackhole bh) {
        final int i = next++;
        scan(seen[(i & MASK) % CODES], i);
        bh.consume(event.rewardId);
        bh.consume(event.alerts);
    }

    @Benchmark
    public void firstScan(final Blackhole bh) {
        if (freshIndex == FRESH) {
            throw new IllegalStateException("out of fresh codes: shorten the run");
        }
        scan(fresh[freshIndex++], freshIndex);
        bh.consume(event.rewardId);
    }
}
