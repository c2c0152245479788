package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Locations;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ledger.RequestWindow;

/** The SUSPECT verdict: a genuine code whose history says clone (many devices, impossible travel). */
class CloneDetectionTest {
    private static final long MINUTE = 60_000;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ChronicleLedger ledger = ChronicleLedger.inMemory(10_000);

    @AfterEach
    void close() {
        ledger.close();
    }

    private Verifier verifier(final CloneRules rules) {
        return new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(KeyRing.of(1, 11, 22)).clock(clock::get).requestWindow(new RequestWindow(64)).campaigns(new CampaignBook())
                .rules(VerdictRules.standard(rules)));
    }

    private static Batch batch(final Verifier v) {
        return v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 100L, null, null));
    }

    private static long device(final String name) {
        final byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return Hashing.hash(b, 0, b.length);
    }

    /** A device hash that lands in sketch bucket {@code bucket} (0..63). */
    private static long deviceInBucket(final int bucket) {
        return ((long) bucket << 58) | 12345;
    }

    private ScanEvent scan(final Verifier v, final long codeId, final long deviceHash, final String region) {
        return scan(v, codeId, deviceHash, region, 0);
    }

    /** A scan carrying a request key (hash of device and request id): a resend repeats the key. */
    private ScanEvent scan(final Verifier v, final long codeId, final long deviceHash, final String region, final long requestKey) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = deviceHash;
        e.region = Regions.pack(region);
        e.requestKey = requestKey;
        v.scan(e);
        return e;
    }

    @Test
    void shouldTurnSuspectOnceMoreDevicesThanTheLimitScannedACode() {
        final Verifier v = verifier(new CloneRules(3, 0));
        final long code = batch(v).firstCodeId();
        for (int d = 0; d < 3; d++) {
            final ScanEvent e = scan(v, code, deviceInBucket(d), "CN-31");
            assertEquals(Verdict.GENUINE, e.verdict, "device " + (d + 1) + " of 3");
            assertEquals(0, e.alerts);
        }
        final ScanEvent fourth = scan(v, code, deviceInBucket(3), "CN-31");
        assertEquals(Verdict.SUSPECT, fourth.verdict);
        assertEquals(4, fourth.scanCount, "a suspect scan is still counted");
        assertFalse(fourth.firstScan);
        assertEquals(List.of(Alert.CLONE_SUSPECTED, Alert.MANY_DEVICES), Alert.of(fourth.alerts));

        final ScanEvent firstOwnerAgain = scan(v, code, deviceInBucket(0), "CN-31");
        assertEquals(Verdict.SUSPECT, firstOwnerAgain.verdict, "a clone stays a clone");
        assertEquals(5, firstOwnerAgain.scanCount);
        assertEquals(4, v.codeState(code).suspectAtCount);
    }

    @Test
    void shouldNotCountTheSameDeviceTwice() {
        final Verifier v = verifier(new CloneRules(2, 0));
        final long code = batch(v).firstCodeId();
        for (int i = 0; i < 20; i++) {
            assertEquals(Verdict.GENUINE, scan(v, code, deviceInBucket(i % 2), null).verdict, "scan " + i);
        }
    }

    @Test
    void shouldNeverSuspectACodeScannedByAtMostTheLimitOfRealDevices() {
        final SplittableRandom random = new SplittableRandom(42);
        final Verifier v = verifier(new CloneRules(10, 0));
        final Batch b = batch(v);
        for (int c = 0; c < 100; c++) {
            final int devices = 1 + random.nextInt(10);
            for (int s = 0; s < 30; s++) {
                final ScanEvent e = scan(v, b.firstCodeId() + c, device("phone-" + c + "-" + random.nextInt(devices)), null);
                assertEquals(Verdict.GENUINE, e.verdict, "code " + c + " with " + devices + " devices");
            }
        }
    }

    @Test
    void shouldSuspectACodeScannedByTwentyRealDevicesUnderTheDefaultRules() {
        final Verifier v = verifier(CloneRules.DEFAULT);
        final long code = batch(v).firstCodeId();
        Verdict last = null;
        for (int d = 0; d < 20; d++) {
            last = scan(v, code, device("phone-" + d), "CN-31").verdict;
        }
        assertEquals(Verdict.SUSPECT, last);
    }

    @Test
    void shouldSuspectAScanFromAnotherCountryWithinTheTravelWindow() {
        final Verifier v = verifier(new CloneRules(0, 60 * MINUTE));
        final Batch b = batch(v);
        final long domestic = b.firstCodeId();
        final long abroadLater = b.firstCodeId() + 1;
        final long abroadSoon = b.firstCodeId() + 2;
        final long noRegion = b.firstCodeId() + 3;

        scan(v, domestic, 1, "CN-31");
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.GENUINE, scan(v, domestic, 2, "CN-44").verdict, "another province, same country");

        scan(v, abroadLater, 1, "CN-31");
        clock.addAndGet(61 * MINUTE);
        assertEquals(Verdict.GENUINE, scan(v, abroadLater, 2, "US-CA").verdict, "after the window a flight is possible");

        scan(v, noRegion, 1, "CN-31");
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.GENUINE, scan(v, noRegion, 2, null).verdict, "a scan without a region proves nothing");
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.GENUINE, scan(v, noRegion, 2, "US").verdict, "the previous scan named no region");

        scan(v, abroadSoon, 1, "CN-31");
        clock.addAndGet(10 * MINUTE);
        final ScanEvent e = scan(v, abroadSoon, 1, "US-CA");
        assertEquals(Verdict.SUSPECT, e.verdict);
        assertEquals(List.of(Alert.CLONE_SUSPECTED, Alert.IMPOSSIBLE_TRAVEL), Alert.of(e.alerts & ~Alert.OFF_REGION.bit()));
        assertTrue(Alert.OFF_REGION.in(e.alerts), "a US scan of a CN batch is off-region too");
        assertEquals("CN-31", Regions.toString(e.firstRegion));
    }

    private ScanEvent scanAt(final Verifier v, final long codeId, final long deviceHash, final double lat, final double lon) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = deviceHash;
        e.location = Locations.pack(lat, lon);
        v.scan(e);
        return e;
    }

    @Test
    void shouldSuspectAScanFartherFromThePreviousOneThanAnAirlinerCouldFlyUnderTheDefaultRules() {
        final Verifier v = verifier(CloneRules.DEFAULT);
        final Batch b = batch(v);
        final long flown = b.firstCodeId();
        final long teleported = b.firstCodeId() + 1;
        final long nearby = b.firstCodeId() + 2;
        final long unknownBefore = b.firstCodeId() + 3;

        scanAt(v, flown, 1, 31.2304, 121.4737);            // Shanghai
        clock.addAndGet(3 * 60 * MINUTE);
        assertEquals(Verdict.GENUINE, scanAt(v, flown, 2, 39.9042, 116.4074).verdict, "Beijing 3 h later: 356 km/h");

        scanAt(v, nearby, 1, 31.2304, 121.4737);
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.GENUINE, scanAt(v, nearby, 2, 31.2989, 120.5853).verdict, "Suzhou, 85 km: under 300 km never counts");

        scan(v, unknownBefore, 1, "CN-31");
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.GENUINE, scanAt(v, unknownBefore, 2, 40.7128, -74.0060).verdict, "the previous scan gave no position");

        scanAt(v, teleported, 1, 31.2304, 121.4737);
        clock.addAndGet(10 * MINUTE);
        final ScanEvent e = scanAt(v, teleported, 2, 39.9042, 116.4074);
        assertEquals(Verdict.SUSPECT, e.verdict, "Beijing 10 min later: 6,400 km/h");
        assertEquals(List.of(Alert.CLONE_SUSPECTED, Alert.IMPOSSIBLE_TRAVEL), Alert.of(e.alerts));
    }

    @Test
    void shouldJudgeTravelFromTheLatestScanOnlyWhenItGaveAPosition() {
        final Verifier v = verifier(new CloneRules(0, 0, 1000));
        final long code = batch(v).firstCodeId();
        scanAt(v, code, 1, 31.2304, 121.4737);             // Shanghai at t0
        clock.addAndGet(10 * 60 * MINUTE);
        scan(v, code, 1, null);                             // no position at t0 + 10 h
        clock.addAndGet(5 * MINUTE);
        assertEquals(Verdict.GENUINE, scanAt(v, code, 2, 39.9042, 116.4074).verdict,
                "Shanghai was 10 h ago; the scan 5 min ago gave no position, so nothing says 'too fast'");
        clock.addAndGet(5 * MINUTE);
        assertEquals(Verdict.SUSPECT, scanAt(v, code, 3, 31.2304, 121.4737).verdict, "back in Shanghai 5 min after Beijing");
    }

    @Test
    void shouldAnswerARetryWithTheVerdictItHadTheFirstTime() {
        final Verifier v = verifier(new CloneRules(0, 60 * MINUTE));
        final long code = batch(v).firstCodeId();
        assertEquals(Verdict.GENUINE, scan(v, code, 1, "CN-31", 777).verdict);
        clock.addAndGet(MINUTE);
        assertEquals(Verdict.SUSPECT, scan(v, code, 2, "JP", 888).verdict);

        final ScanEvent retryOfFirst = scan(v, code, 1, "CN-31", 777);
        assertEquals(Verdict.GENUINE, retryOfFirst.verdict, "the original answer, although the code is suspect now");
        assertEquals(1, retryOfFirst.scanCount);
        final ScanEvent retryOfClone = scan(v, code, 2, "JP", 888);
        assertEquals(Verdict.SUSPECT, retryOfClone.verdict);
        assertEquals(2, retryOfClone.scanCount);
        assertEquals(2, v.codeState(code).scanCount, "retries count nothing");
    }

    @Test
    void shouldAnswerGenuineAgainAndCountDevicesAfreshOnceAnOperatorClearsTheSuspicion() {
        final Verifier v = verifier(new CloneRules(3, 0));
        final long code = batch(v).firstCodeId();
        assertFalse(v.clearSuspicion(code), "never scanned");
        for (int d = 0; d < 3; d++) {
            scan(v, code, deviceInBucket(d), null);
        }
        assertFalse(v.clearSuspicion(code), "not suspected");
        assertEquals(Verdict.SUSPECT, scan(v, code, deviceInBucket(3), null).verdict);

        assertTrue(v.clearSuspicion(code));
        assertFalse(v.clearSuspicion(code), "already cleared");
        assertEquals(0, v.codeState(code).suspectAtCount);
        assertEquals(0, v.codeState(code).flags);
        final ScanEvent after = scan(v, code, deviceInBucket(3), null);
        assertEquals(Verdict.GENUINE, after.verdict);
        assertEquals(0, after.alerts);
        assertEquals(5, after.scanCount, "the count is history: it stays");
        scan(v, code, deviceInBucket(4), null);
        assertEquals(Verdict.GENUINE, scan(v, code, deviceInBucket(5), null).verdict, "three devices since the clearing");
        assertEquals(Verdict.SUSPECT, scan(v, code, deviceInBucket(6), null).verdict, "a fourth one since the clearing");
    }

    @Test
    void shouldAnswerGenuineWhateverTheHistoryWhenTheRulesAreOff() {
        final Verifier v = verifier(CloneRules.OFF);
        final long code = batch(v).firstCodeId();
        for (int d = 0; d < 64; d++) {
            clock.addAndGet(1_000);
            assertEquals(Verdict.GENUINE, scan(v, code, deviceInBucket(d), d % 2 == 0 ? "CN" : "US").verdict);
        }
    }

    @Test
    void shouldRefuseRulesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(CloneRules.MAX_DEVICES_LIMIT + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(10, CloneRules.MAX_TRAVEL_WINDOW_MILLIS + 1));
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(10, 0, CloneRules.MIN_SPEED_KMH - 1));
        assertThrows(IllegalArgumentException.class, () -> new CloneRules(10, 0, CloneRules.MAX_SPEED_KMH + 1));
        assertEquals(1000, CloneRules.DEFAULT.maxSpeedKmh());
    }
}
