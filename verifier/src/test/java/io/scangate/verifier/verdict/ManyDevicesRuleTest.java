package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.CodeState;

class ManyDevicesRuleTest {
    private static final long NOW = 1_700_000_000_000L;

    /** A device hash that lands in sketch bucket {@code bucket} (0..63). */
    private static long deviceInBucket(final int bucket) {
        return ((long) bucket << 58) | 12345;
    }

    private static CodeState scannedBy(final int devices) {
        final CodeState s = new CodeState();
        for (int d = 0; d < devices; d++) {
            s.countScan(NOW - 1000, deviceInBucket(d), 0);
        }
        return s;
    }

    private static ScanEvent scanBy(final long deviceHash) {
        final ScanEvent e = new ScanEvent();
        e.deviceHash = deviceHash;
        return e;
    }

    @Test
    void shouldSuspectTheScanOfOneDeviceMoreThanTheLimit() {
        final ManyDevicesRule rule = new ManyDevicesRule(3);
        assertEquals(0, rule.suspect(scannedBy(2), scanBy(deviceInBucket(2)), NOW), "the third device is allowed");
        assertEquals(SuspectReason.MANY_DEVICES.flag(), rule.suspect(scannedBy(3), scanBy(deviceInBucket(3)), NOW));
    }

    @Test
    void shouldNotCountADeviceThatScannedTheCodeBefore() {
        assertEquals(0, new ManyDevicesRule(3).suspect(scannedBy(3), scanBy(deviceInBucket(1)), NOW));
    }

    @Test
    void shouldSuspectNothingWhenOff() {
        assertEquals(0, new ManyDevicesRule(0).suspect(scannedBy(63), scanBy(deviceInBucket(63)), NOW));
    }

    @Test
    void shouldCountTheDevicesTheSketchShows() {
        assertEquals(5, ManyDevicesRule.devicesSeen(scannedBy(5).deviceSketch));
    }

    @Test
    void shouldRefuseALimitOutOfRangeNamingTheSetting() {
        assertThrows(IllegalArgumentException.class, () -> new ManyDevicesRule(-1));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ManyDevicesRule(ManyDevicesRule.MAX_DEVICES + 1));
        assertTrue(e.getMessage().contains("clone.max.devices must be 0 (off) or 1..48, was 49"), e.getMessage());
    }
}
