package io.scangate.loadtest.bench;

import java.nio.charset.StandardCharsets;
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
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.ActorKeys;
import io.scangate.verifier.channel.ActorSpec;
import io.scangate.verifier.channel.RoleOutcome;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * What the channel costs the verifier (issue 14). One batch of {@value #UNITS} units issued in
 * cases of 1,000. With {@code channel=placed}, {@value #ACTORS} actors exist and every case was
 * received by a distributor and shipped to a store (so every unit is placed, through its case);
 * with {@code none}, no actor and no role scan. {@link #consumerRepeatScan} rescans units already
 * scanned (a consumer's scan, channel lookup and diversion check included), {@link #consumerFirstScan}
 * scans each unit for the first time; {@link #caseShip} is one role scan of a case of 1,000 units
 * (key lookup, checks, one record) with {@link Journal#DISCARD} (the append's bytes are made, not written).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ChannelBenchmark {
    static final int UNITS = 1_000_000;
    static final int PER_CASE = 1_000;
    static final int ACTORS = 10_000;
    private static final int MASK = (1 << 20) - 1;

    @Param({"none", "placed"})
    public String channel;

    private final ScanEvent event = new ScanEvent();
    private ChronicleLedger ledger;
    private Verifier verifier;
    private long[] units;
    private long[] cases;
    private long[] regions;
    private int next;
    private byte[] distributorDigest;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = ChronicleLedger.inMemory(UNITS + UNITS / PER_CASE + 16);
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(Fixtures.keyRing()));
        final Batch batch = verifier.createBatch(BatchSpec.of("BENCH-TYRE", "06901234567892", "CN", (long) UNITS, null, null,
                (long) PER_CASE));
        units = Fixtures.shuffledCodeIds(batch.firstSerial(), UNITS);
        cases = new long[batch.serials() > UNITS ? (int) (batch.serials() - UNITS) : 0];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = batch.firstCodeId() + UNITS + i;
        }
        final long[] regionCodes = {Regions.pack("CN-31"), Regions.pack("CN-11"), Regions.pack("CN-44"), Regions.pack("CN-33")};
        regions = new long[MASK + 1];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = regionCodes[(i >>> 10) & 3];
        }
        if ("placed".equals(channel)) {
            place();
        }
        for (int i = 0; i < UNITS / 2; i++) {
            consumer(units[i], i);
        }
    }

    /** {@value #ACTORS} actors; every case received by a distributor and shipped to a store. */
    private void place() {
        final String[] provinces = {"CN-31", "CN-11", "CN-44", "CN-33"};
        final String[] distributorKeys = new String[ACTORS / 5];
        for (int i = 0; i < ACTORS / 5; i++) {
            distributorKeys[i] = verifier.createActor(ActorSpec.of("d" + i, "DISTRIBUTOR", null, provinces[i & 3], null)).key();
        }
        for (int i = 0; i < ACTORS - ACTORS / 5; i++) {
            verifier.createActor(ActorSpec.of("s" + i, "STORE", null, provinces[i & 3], "d" + (i % (ACTORS / 5))));
        }
        distributorDigest = digest(distributorKeys[0]);
        for (int i = 0; i < cases.length; i++) {
            final byte[] key = digest(distributorKeys[i % distributorKeys.length]);
            role(key, cases[i], Action.RECEIVE, null);
            role(key, cases[i], Action.SHIP, "s" + i % (ACTORS - ACTORS / 5));
        }
    }

    private static byte[] digest(final String key) {
        final byte[] d = new byte[ActorKeys.DIGEST_BYTES];
        ActorKeys.digest(key, d); // on the event loop in the server, not the verifier's work
        return d;
    }

    private RoleOutcome role(final byte[] keyDigest, final long code, final Action action, final String to) {
        final ScanEvent e = event;
        e.clearOutcome();
        e.type = ScanEvent.TYPE_ROLE_SCAN;
        e.codeId = code;
        e.gtin = 0;
        e.requestKey = 0;
        System.arraycopy(keyDigest, 0, e.keyDigest, 0, keyDigest.length);
        e.action = action.ordinal();
        e.toLength = 0;
        if (to != null) {
            final byte[] b = to.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, e.to, 0, b.length);
            e.toLength = b.length;
        }
        verifier.scan(e);
        if (e.roleOutcome != RoleOutcome.APPLIED) {
            throw new IllegalStateException("role scan " + action + " gave " + e.roleOutcome);
        }
        return e.roleOutcome;
    }

    private void consumer(final long code, final int i) {
        final ScanEvent e = event;
        e.clearOutcome();
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = code;
        e.deviceHash = i * 0x9E3779B97F4A7C15L;
        e.region = regions[i & MASK];
        e.requestKey = 0;
        verifier.scan(e);
        if (e.verdict != Verdict.GENUINE && e.verdict != Verdict.SUSPECT) {
            throw new IllegalStateException("consumer scan gave " + e.verdict);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
    }

    /** A consumer rescanning a unit: ledger update, and with the channel its case's position and the diversion check. */
    @Benchmark
    public void consumerRepeatScan(final Blackhole bh) {
        final int i = next++;
        consumer(units[i % (UNITS / 2)], i);
        bh.consume(event.alerts);
        bh.consume(event.holder);
    }

    /** One role scan of a case of 1,000 units (a ship back and forth between two stores' shipper), one journal record. */
    @Benchmark
    public void caseShip(final Blackhole bh) {
        if (distributorDigest == null) {
            bh.consume(next++);
            return;
        }
        final int i = next++;
        bh.consume(role(distributorDigest, cases[0], Action.SHIP, (i & 1) == 0 ? "s0" : "s1"));
    }
}
