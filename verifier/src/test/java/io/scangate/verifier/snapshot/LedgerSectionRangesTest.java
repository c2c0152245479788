package io.scangate.verifier.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;

/** A snapshot's ledger section restored by several threads, each its own part: every code once, whole, whatever the split. */
class LedgerSectionRangesTest {
    /** Not a multiple of any thread count below: the parts differ in size. */
    private static final int CODES = 3 * 4096 + 17;

    @TempDir
    Path dir;

    private static Map<Long, CodeState> contents(final ChronicleLedger ledger) {
        final Map<Long, CodeState> m = new HashMap<>();
        ledger.forEach((s, codeId) -> {
            final CodeState c = new CodeState();
            c.copyFrom(s);
            m.put(codeId, c);
        });
        return m;
    }

    private Path snapshotOf(final ChronicleLedger ledger) throws Exception {
        final Path f = dir.resolve("s.snap");
        try (SnapshotWriter w = SnapshotWriter.create(f, 0, 1_700_000_000_000L)) {
            final OutputStream out = w.beginSection(LedgerSection.NAME, 0);
            assertEquals(CODES, LedgerSection.write(ledger, out));
            w.endSection();
            w.commit();
        }
        return f;
    }

    @Test
    void everyThreadCountRestoresTheSameLedger() throws Exception {
        try (ChronicleLedger live = ChronicleLedger.inMemory(CODES * 2L)) {
            final CodeState s = new CodeState();
            for (int i = 0; i < CODES; i++) {
                s.clear();
                s.scanCount = 1 + i % 7;
                s.firstScanAt = 1_700_000_000_000L + i;
                s.lastScanAt = s.firstScanAt + i;
                s.flags = i % 3;
                s.deviceSketch = i * 31L;
                s.lastLocation = i;
                live.put(0x5C00_0000_0000L + i * 977L, s);
            }
            final Map<Long, CodeState> expected = contents(live);
            final SnapshotReader snap = SnapshotReader.open(snapshotOf(live));
            for (final int threads : new int[] {1, 2, 3, 8}) {
                try (ChronicleLedger restored = ChronicleLedger.inMemory(CODES * 2L)) {
                    assertEquals(CODES, LedgerSection.readInRanges(snap, restored, threads), threads + " threads");
                    assertEquals(expected, contents(restored), threads + " threads");
                }
            }
        }
    }

    @Test
    void aSnapshotWithoutALedgerSectionIsCorrupt() throws Exception {
        final Path f = dir.resolve("empty.snap");
        try (SnapshotWriter w = SnapshotWriter.create(f, 0, 1_700_000_000_000L)) {
            w.section("batches", 0, new byte[0]);
            w.commit();
        }
        try (ChronicleLedger restored = ChronicleLedger.inMemory(1_000)) {
            assertThrows(SnapshotCorruptException.class, () -> LedgerSection.readInRanges(SnapshotReader.open(f), restored, 2));
        }
    }
}
