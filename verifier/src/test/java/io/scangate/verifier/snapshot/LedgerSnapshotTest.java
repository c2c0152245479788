package io.scangate.verifier.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * The assumption issue 17's fuzzy ledger copy rests on, checked with the real Chronicle Map and
 * journal: a copy made on another thread while the verifier keeps scanning, plus a replay of the
 * journal from the applied position taken before the copy, equals the ledger the verifier ends with.
 */
class LedgerSnapshotTest {
    private static final int CODES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aFuzzyCopyPlusTheJournalFromTheAppliedPositionEqualsTheLiveLedger() throws Exception {
        final Recovery.State state = Recovery.open(dir, 100_000, 1 << 20);
        try {
            final Verifier v = new Verifier(new VerifierContext().ledger(state.ledger()).journal(state.journal()).batches(state.batches())
                    .keys(KeyRing.of(1, 1, 2)).requestWindow(state.requests()).campaigns(state.campaigns()).consumers(state.consumers()));
            final Batch batch = v.createBatch(BatchSpec.of("S", "12345670", "CN", (long) CODES, null, null));
            final AtomicLong applied = new AtomicLong(state.journal().publishedPosition());
            final AtomicBoolean stop = new AtomicBoolean();
            final CountDownLatch warm = new CountDownLatch(1);
            final Thread writer = new Thread(() -> {
                final Random r = new Random(7);
                final ScanEvent e = new ScanEvent();
                for (int i = 0; i < 400_000 && !stop.get(); i++) {
                    e.codeId = batch.firstCodeId() + r.nextInt(CODES);
                    e.deviceHash = r.nextInt(64) + 1;
                    e.region = Regions.pack("CN");
                    e.clearOutcome();
                    v.scan(e);
                    applied.lazySet(state.journal().publishedPosition()); // as the handler publishes after each batch
                    if (i == 20_000) {
                        warm.countDown();
                    }
                }
                warm.countDown();
            }, "writer");
            writer.start();
            assertTrue(warm.await(60, TimeUnit.SECONDS));
            final long from = applied.get();
            final ByteArrayOutputStream copy = new ByteArrayOutputStream();
            final long copied = LedgerSection.write(state.ledger(), copy); // while the writer runs
            stop.set(true);
            writer.join(60_000);
            assertTrue(copied > 0);
            try (ChronicleLedger restored = ChronicleLedger.inMemory(100_000)) {
                assertEquals(copied, LedgerSection.read(new ByteArrayInputStream(copy.toByteArray()), restored));
                Recovery.replay(state.journal(), from, restored, BatchRegistry.inMemory(), new RequestWindow(16), null, null);
                assertEquals(entries(state.ledger()), entries(restored));
            }
        } finally {
            state.ledger().close();
            state.journal().close();
            state.consumers().close();
        }
    }

    private static Map<Long, String> entries(final Ledger ledger) {
        final Map<Long, String> m = new HashMap<>();
        ledger.forEach((s, id) -> m.put(id, text(s)));
        return m;
    }

    private static String text(final CodeState s) {
        return s.scanCount + "/" + s.firstScanAt + "/" + s.lastScanAt + "/" + s.firstDeviceHash + "/" + s.flags + "/" + s.deviceSketch
                + "/" + s.suspectAtCount + "/" + s.lastRegion;
    }
}
