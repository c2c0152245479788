package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Locations;
import io.scangate.verifier.ledger.Regions;

/** The one list of verdict rules: what it registers, and how the verifier runs a rule added to it. */
class VerdictRulesTest {
    private static final long MINUTE = 60_000;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ChronicleLedger ledger = ChronicleLedger.inMemory(10_000);

    @AfterEach
    void close() {
        ledger.close();
    }

    private Verifier verifier(final VerdictRules rules) {
        return new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(KeyRing.of(1, 11, 22)).clock(clock::get).rules(rules));
    }

    private static Batch batch(final Verifier v) {
        return v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN-31", 100L, null, null));
    }

    private static ScanEvent scan(final Verifier v, final ScanEvent e, final long codeId, final long deviceHash, final long requestKey) {
        e.clearOutcome();
        e.codeId = codeId;
        e.deviceHash = deviceHash;
        e.requestKey = requestKey;
        v.scan(e);
        return e;
    }

    private static List<Class<?>> kinds(final VerdictRules rules) {
        return rules.list().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void shouldRegisterTheCloneRulesThatAreOnThenOffRegion() {
        assertEquals(List.of(ManyDevicesRule.class, TravelByPositionRule.class, OffRegionRule.class), kinds(VerdictRules.DEFAULT));
        assertEquals(List.of(OffRegionRule.class), kinds(VerdictRules.standard(CloneRules.OFF)));
        assertEquals(List.of(ManyDevicesRule.class, TravelByPositionRule.class, TravelByCountryRule.class, OffRegionRule.class),
                kinds(VerdictRules.standard(new CloneRules(10, 60 * MINUTE, 1000))));
    }

    /** Suspects scans from the device 666 and alerts REWARD_ALREADY_CLAIMED on every answer, counting its calls. */
    private static final class Recording implements VerdictRule.Suspecting, VerdictRule.Alerting {
        int judged;
        int alerted;

        @Override
        public int suspect(final CodeState history, final ScanEvent scan, final long now) {
            judged++;
            return scan.deviceHash == 666 ? SuspectReason.IMPOSSIBLE_TRAVEL.flag() : 0;
        }

        @Override
        public int alerts(final ScanEvent scan, final Batch batch, final CodeState code) {
            alerted++;
            return Alert.REWARD_ALREADY_CLAIMED.bit();
        }
    }

    @Test
    void shouldAnswerSuspectFromTheFirstScanAnAddedRuleSuspects() {
        final Recording rule = new Recording();
        final Verifier v = verifier(VerdictRules.of(rule));
        final long code = batch(v).firstCodeId();
        final ScanEvent e = new ScanEvent();
        assertEquals(Verdict.GENUINE, scan(v, e, code, 1, 0).verdict);
        assertEquals(Verdict.SUSPECT, scan(v, e, code, 666, 0).verdict);
        assertEquals(List.of(Alert.REWARD_ALREADY_CLAIMED, Alert.CLONE_SUSPECTED, Alert.IMPOSSIBLE_TRAVEL), Alert.of(e.alerts));
        assertEquals(Verdict.SUSPECT, scan(v, e, code, 1, 0).verdict, "a clone stays a clone");
        assertEquals(2, v.codeState(code).suspectAtCount);
    }

    @Test
    void shouldRegisterTheFarmingRuleLastWhenAThresholdIsOn() {
        assertEquals(List.of(ManyDevicesRule.class, TravelByPositionRule.class, OffRegionRule.class, FarmingRule.class),
                kinds(VerdictRules.standard(CloneRules.DEFAULT, FarmingRules.DEFAULT)));
        assertEquals(List.of(OffRegionRule.class), kinds(VerdictRules.standard(CloneRules.OFF, FarmingRules.OFF)));
    }

    @Test
    void shouldJudgeOnlyCountedScansButAlertRetriesToo() {
        final Recording rule = new Recording();
        final Verifier v = verifier(VerdictRules.of(rule));
        final long code = batch(v).firstCodeId();
        final ScanEvent e = new ScanEvent();
        scan(v, e, code, 1, 777);
        final ScanEvent retry = scan(v, e, code, 1, 777);
        assertEquals(1, retry.scanCount, "a retry");
        assertEquals(1, rule.judged, "a retry is not judged again");
        assertEquals(2, rule.alerted, "a retry's answer gets the alerts too");
        assertTrue(Alert.REWARD_ALREADY_CLAIMED.in(retry.alerts));
    }

    @Test
    void shouldGiveNoAlertsNorSuspicionWithNoRules() {
        final Verifier v = verifier(VerdictRules.of());
        final long code = batch(v).firstCodeId();
        final ScanEvent e = new ScanEvent();
        e.region = Regions.pack("JP");
        for (int d = 0; d < 64; d++) {
            assertEquals(Verdict.GENUINE, scan(v, e, code, (long) d << 58, 0).verdict);
            assertEquals(0, e.alerts);
        }
    }

    @Test
    void shouldJudgeAndAnswerScansWithoutAllocating() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final Verifier v = verifier(VerdictRules.standard(new CloneRules(10, 60 * MINUTE, 1000), new FarmingRules(10, 3, 1024)));
        final long first = batch(v).firstCodeId();
        final ScanEvent e = new ScanEvent();
        final long[] regions = {Regions.pack("CN-31"), Regions.pack("JP"), Regions.pack("CN-44")};
        final int[] places = {Locations.pack(31.2304, 121.4737), Locations.pack(39.9042, 116.4074), Locations.NONE};
        for (int i = 0; i < 100; i++) {
            scan(v, e, first + i, i, 0); // the codes exist before the measured rounds
        }
        long allocated = Long.MAX_VALUE;
        // Best of five rounds, as ScanBodyParserTest: a JIT compilation may allocate in one round;
        // a rule that allocates per scan allocates in every round (16 bytes a scan is 160 KB a round).
        for (int round = 0; round < 5 && allocated >= 1024; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                clock.addAndGet(1_000);
                e.region = regions[i % 3];
                e.location = places[i % 3];
                e.consumerHash = i % 7; // some scans name a consumer, on many devices (CONSUMER_DEVICES)
                scan(v, e, first + i % 100, (long) (i % 64) << 58, 0);
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 10,000 scans (best of five rounds)");
    }
}
