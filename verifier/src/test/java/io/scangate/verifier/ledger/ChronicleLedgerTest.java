package io.scangate.verifier.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleLedgerTest {
    @TempDir
    Path dir;

    private static void scan(final Ledger ledger, final long codeId, final long at, final long device, final long region, final CodeState s) {
        ledger.readForUpdate(codeId, s);
        s.countScan(at, device, region);
        ledger.writeBack(s);
    }

    @Test
    void shouldKeepEachCodesValueWithinTheContracts64Bytes() {
        final CodeRecord ref = net.openhft.chronicle.values.Values.newNativeReference(CodeRecord.class);
        final long size = ((net.openhft.chronicle.bytes.Byteable) ref).maxSize();
        assertTrue(size <= 64, "value of " + size + " bytes");
        assertEquals(64, size, "8 x 6 longs + 4 ints, as documented in CodeRecord");
    }

    @Test
    void shouldRoundTripEveryFieldThroughTheMap() {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final CodeState s = new CodeState();
            s.countScan(5, 6, 7);
            s.countScan(8, -1L, 10);
            s.flags = CodeState.FLAG_MANY_DEVICES | CodeState.FLAG_IMPOSSIBLE_TRAVEL;
            s.suspectAtCount = 2;
            s.lastLocation = Locations.pack(31.23, 121.47);
            ledger.put(3, s);
            final CodeState back = new CodeState();
            assertTrue(ledger.read(3, back));
            assertEquals(s, back);
            assertEquals(CodeState.sketchBit(6) | CodeState.sketchBit(-1L), back.deviceSketch);
            assertEquals(2, back.suspectAtCount);
            assertEquals(Locations.pack(31.23, 121.47), back.lastLocation);
        }
    }

    @Test
    void shouldPutWholeStatesIdempotentlyAndVisitOnlyNonEmptyEntries() {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final CodeState s = new CodeState();
            s.countScan(5, 6, 7);
            s.countScan(8, 9, 10);
            ledger.put(3, s);
            ledger.put(3, s);
            ledger.readForUpdate(4, new CodeState()); // an empty entry, as a scan in progress leaves it
            final java.util.Map<Long, CodeState> seen = new java.util.HashMap<>();
            ledger.forEach((state, codeId) -> {
                final CodeState copy = new CodeState();
                copy.copyFrom(state);
                seen.put(codeId, copy);
            });
            assertEquals(java.util.Map.of(3L, s), seen);
        }
    }

    @Test
    void shouldCountScansAndKeepTheFirstScanFacts() {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final CodeState s = new CodeState();
            assertFalse(ledger.read(42, s));
            scan(ledger, 42, 1000, 7, 11, s);
            assertEquals(1, s.scanCount);
            scan(ledger, 42, 2000, 8, 12, s);
            assertEquals(2, s.scanCount);
            assertEquals(1000, s.firstScanAt);
            assertEquals(2000, s.lastScanAt);
            assertEquals(7, s.firstDeviceHash);
            assertEquals(11, s.firstRegion);
            assertEquals(12, s.lastRegion);
            assertTrue(ledger.read(42, s));
            assertEquals(2, s.scanCount);
            assertEquals(1, ledger.size());
        }
    }

    @Test
    void shouldKeepCountsAndVoidsAcrossCloseAndReopen() {
        final Path file = dir.resolve("ledger.cm3");
        try (ChronicleLedger ledger = ChronicleLedger.open(file, 10_000)) {
            final CodeState s = new CodeState();
            for (long id = 1; id <= 500; id++) {
                for (int i = 0; i < (int) (id % 3) + 1; i++) {
                    scan(ledger, id, 1000 + i, id, 99, s);
                }
            }
            ledger.readForUpdate(7, s);
            s.flags |= CodeState.FLAG_VOIDED;
            ledger.writeBack(s);
        }
        try (ChronicleLedger ledger = ChronicleLedger.open(file, 10_000)) {
            final CodeState s = new CodeState();
            assertEquals(500, ledger.size());
            for (long id = 1; id <= 500; id++) {
                assertTrue(ledger.read(id, s));
                assertEquals((int) (id % 3) + 1, s.scanCount, "count of " + id);
                assertEquals(1000, s.firstScanAt);
                assertEquals(id, s.firstDeviceHash);
            }
            ledger.read(7, s);
            assertTrue(s.voided());
            ledger.read(8, s);
            assertFalse(s.voided());
        }
    }
}
