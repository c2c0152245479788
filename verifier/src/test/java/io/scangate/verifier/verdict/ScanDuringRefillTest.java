package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.LedgerBase;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.ledger.TailCollector;

/**
 * Scans answered while the ledger is still being refilled from a snapshot behind the server (a
 * restart after a crash): a code the refill has not reached yet is answered with its history from
 * the snapshot, and the scan's change is what the ledger keeps once the refill is done.
 */
class ScanDuringRefillTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int IN_SNAPSHOT = 50;
    private static final int REFILLED_BEFORE_THE_GATE = 10;

    @Test
    void shouldAnswerACodeTheRefillHasNotReachedWithItsHistoryAndKeepTheScan() throws Exception {
        final AtomicLong clock = new AtomicLong(T0 + 3_600_000);
        final BatchRegistry batches = BatchRegistry.inMemory();
        final Batch batch = new Verifier(new VerifierContext().ledger(ChronicleLedger.inMemory(1_000)).journal(Journal.DISCARD)
                .batches(batches).keys(KeyRing.of(1, 11, 22)).clock(clock::get).requestWindow(new RequestWindow(64))
                .campaigns(new CampaignBook())).createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 100L, null, null));
        final long first = batch.firstCodeId();
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch reached = new CountDownLatch(1);
        final LedgerBase.Source snapshot = new LedgerBase.Source() { // codes first..first+49, each scanned once at T0 in CN-31
            @Override
            public long count() {
                return IN_SNAPSHOT;
            }

            @Override
            public long codeId(final long i) {
                return first + i;
            }

            @Override
            public long read(final long i, final CodeState into) {
                if (i >= REFILLED_BEFORE_THE_GATE && Thread.currentThread().getName().equals("scangate-ledger-refill")) {
                    reached.countDown();
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                into.clear();
                into.countScan(T0, 77, Regions.pack("CN-31"));
                return first + i;
            }
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            try {
                whileRefilling(ledger, snapshot, batches, clock, first, gate, reached);
            } finally {
                gate.countDown(); // a failed assertion must not leave the refill (and close) waiting
            }
        }
    }

    private static void whileRefilling(final ChronicleLedger ledger, final LedgerBase.Source snapshot, final BatchRegistry batches,
                                       final AtomicLong clock, final long first, final CountDownLatch gate, final CountDownLatch reached)
            throws InterruptedException {
        ledger.refillFrom(new TailCollector(1_000).toBase(), LedgerBase.prepare(snapshot).build(1, null));
        assertTrue(reached.await(60, TimeUnit.SECONDS));
        final Verifier v = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(batches)
                .keys(KeyRing.of(1, 11, 22)).clock(clock::get).requestWindow(new RequestWindow(64)).campaigns(new CampaignBook()));
        assertEquals(IN_SNAPSHOT, v.entries());

        final ScanEvent again = scan(v, first + 30);
        assertEquals(Verdict.GENUINE, again.verdict);
        assertFalse(again.firstScan, "scanned before the crash");
        assertEquals(2, again.scanCount);
        assertEquals(T0, again.firstScanAt);
        final ScanEvent fresh = scan(v, first + 60);
        assertTrue(fresh.firstScan);
        assertEquals(1, fresh.scanCount);
        assertEquals(IN_SNAPSHOT + 1, v.entries());

        gate.countDown();
        ledger.awaitRefill();
        final CodeState s = new CodeState();
        assertTrue(ledger.read(first + 30, s));
        assertEquals(2, s.scanCount, "the scan during the refill, not the snapshot's state");
        assertTrue(ledger.read(first + 49, s));
        assertEquals(1, s.scanCount);
        assertEquals(IN_SNAPSHOT + 1, ledger.size());
        assertEquals(3, scan(v, first + 30).scanCount);
    }

    private static ScanEvent scan(final Verifier v, final long codeId) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = 99;
        e.region = Regions.pack("CN-31");
        v.scan(e);
        return e;
    }
}
