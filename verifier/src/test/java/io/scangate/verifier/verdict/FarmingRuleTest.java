package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;

/** Anti-farming: velocity of a device across codes, and of a consumer across devices, per hour. */
class FarmingRuleTest {
    private static final long HOUR = FarmingRule.WINDOW_MILLIS;
    /** Ten minutes into an hour. */
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L / HOUR * HOUR + 600_000);
    private final ChronicleLedger ledger = ChronicleLedger.inMemory(10_000);
    private Verifier verifier;
    private long first;

    @AfterEach
    void close() {
        ledger.close();
    }

    private Verifier verifier(final int deviceCodes, final int consumerDevices) {
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                .keys(KeyRing.of(1, 11, 22)).clock(clock::get)
                .rules(VerdictRules.standard(CloneRules.OFF, new FarmingRules(deviceCodes, consumerDevices, 1024))));
        first = verifier.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN-31", 1000L, null, null)).firstCodeId();
        return verifier;
    }

    private ScanEvent scan(final int code, final long device, final long consumer, final long requestKey) {
        final ScanEvent e = new ScanEvent();
        e.codeId = first + code;
        e.deviceHash = device;
        e.consumerHash = consumer;
        e.requestKey = requestKey;
        verifier.scan(e);
        return e;
    }

    @Test
    void shouldFlagADeviceFromTheScanThatPassesTheThresholdAndKeepItGenuine() {
        verifier(3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, scan(i, 7, 0, 0).alerts, "3 distinct codes are allowed");
        }
        final ScanEvent fourth = scan(3, 7, 0, 0);
        assertEquals(Verdict.GENUINE, fourth.verdict);
        assertEquals(Alert.DEVICE_VELOCITY.bit(), fourth.alerts);
        assertEquals(Alert.DEVICE_VELOCITY.bit(), scan(0, 7, 0, 0).alerts, "every later scan in the hour is flagged");
        assertEquals(0, scan(4, 8, 0, 0).alerts, "another device is not");
        assertEquals(1, verifier.farming().devicesOver(clock.get()));
    }

    @Test
    void shouldNotCountRescansOfTheSameCode() {
        verifier(3, 0);
        for (int i = 0; i < 50; i++) {
            assertEquals(0, scan(i % 3, 7, 0, 0).alerts);
        }
    }

    @Test
    void shouldNotCountRetriesAgain() {
        verifier(1, 0);
        assertEquals(0, scan(0, 7, 0, 100).alerts);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, scan(0, 7, 0, 100).alerts, "a retry is not counted");
        }
        final ScanEvent second = scan(1, 7, 0, 101);
        assertEquals(Alert.DEVICE_VELOCITY.bit(), second.alerts);
        assertEquals(Alert.DEVICE_VELOCITY.bit(), scan(1, 7, 0, 101).alerts, "a retry of a flagged scan is flagged too");
        assertEquals(2, verifier.farmingTop(10).devices().get(0).count());
    }

    @Test
    void shouldForgetTheCountWhenTheHourRollsOver() {
        verifier(2, 0);
        scan(0, 7, 0, 0);
        scan(1, 7, 0, 0);
        assertEquals(Alert.DEVICE_VELOCITY.bit(), scan(2, 7, 0, 0).alerts);
        clock.addAndGet(HOUR);
        assertEquals(0, scan(3, 7, 0, 0).alerts, "a new hour, a new count");
        assertEquals(0, verifier.farming().devicesOver(clock.get()));
        assertEquals(1, verifier.farmingTop(10).devices().get(0).count());
        assertEquals(FarmingRule.windowOf(clock.get()), verifier.farmingTop(10).windowStart());
    }

    @Test
    void shouldFlagAConsumerOnMoreDevicesThanTheThreshold() {
        verifier(0, 2);
        assertEquals(0, scan(0, 1L << 58, 99, 0).alerts);
        assertEquals(0, scan(1, 2L << 58, 99, 0).alerts);
        assertEquals(0, scan(2, 2L << 58, 99, 0).alerts, "the same two devices");
        final ScanEvent third = scan(3, 3L << 58, 99, 0);
        assertEquals(Verdict.GENUINE, third.verdict);
        assertEquals(Alert.CONSUMER_DEVICES.bit(), third.alerts);
        assertEquals(Alert.CONSUMER_DEVICES.bit(), scan(4, 1L << 58, 99, 0).alerts, "its first device too, for the rest of the hour");
        assertEquals(0, scan(5, 1L << 58, 0, 0).alerts, "a scan without a consumer is not");
        assertEquals(1, verifier.farming().consumersOver(clock.get()));
        final FarmingRule.Offender top = verifier.farmingTop(5).consumers().get(0);
        assertEquals(99, top.hash());
        assertEquals(3, top.count());
        assertTrue(top.over());
    }

    @Test
    void shouldListTheHeaviestDevicesFirstUpToTheLimit() {
        verifier(5, 0);
        int code = 0;
        for (int d = 1; d <= 10; d++) {
            for (int i = 0; i < d; i++) {
                scan(code++, d, 0, 0);
            }
        }
        final FarmingRule.Top top = verifier.farmingTop(3);
        assertEquals(3, top.devices().size());
        assertEquals(10, top.devices().get(0).hash());
        assertEquals(10, top.devices().get(0).count());
        assertEquals(8, top.devices().get(2).count());
        assertTrue(top.devices().get(2).over());
        assertEquals(5, verifier.farming().devicesOver(clock.get()));
        assertTrue(top.consumers().isEmpty(), "the consumer threshold is off");
        assertThrows(IllegalArgumentException.class, () -> verifier.farmingTop(101));
    }

    @Test
    void shouldTrackNothingWhenBothThresholdsAreZero() {
        verifier(0, 0);
        for (int i = 0; i < 300; i++) {
            assertEquals(0, scan(i, 7, 99, 0).alerts);
        }
        assertNull(verifier.farming());
        assertNull(verifier.farmingTop(10));
        assertFalse(VerdictRules.standard(CloneRules.OFF, FarmingRules.OFF).list().stream().anyMatch(FarmingRule.class::isInstance));
    }

    @Test
    void shouldHoldTwoTablesOfFixedSizeAndRefuseBadSettings() {
        assertEquals(2L * (1 << 17) * 24, new FarmingRule(FarmingRules.DEFAULT).bytes(), "6 MiB");
        assertEquals((1 << 17) * 24L, new FarmingRule(new FarmingRules(200, 0, 1 << 17)).bytes(), "only the tables that are on");
        assertThrows(IllegalArgumentException.class, () -> new FarmingRules(-1, 5, 1024));
        assertThrows(IllegalArgumentException.class, () -> new FarmingRules(200, 49, 1024));
        assertThrows(IllegalArgumentException.class, () -> new FarmingRules(200, 5, 1000));
    }
}
