package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Regions;

class VerifierTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ChronicleLedger ledger = ChronicleLedger.inMemory(10_000);
    private final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.DISCARD)
            .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 11, 22)).clock(clock::get));

    @AfterEach
    void close() {
        ledger.close();
    }

    private ScanEvent scan(final long codeId, final String region) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = 5;
        e.region = Regions.pack(region);
        verifier.scan(e);
        return e;
    }

    private Batch batch(final long count, final String state) {
        return verifier.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN-31", count, state, null));
    }

    @Test
    void shouldCountFirstAndRepeatScansOfAnActiveCode() {
        final Batch b = batch(10, null);
        final long code = b.firstCodeId() + 3;
        final ScanEvent first = scan(code, "CN-31");
        assertEquals(Verdict.GENUINE, first.verdict);
        assertTrue(first.firstScan);
        assertEquals(1, first.scanCount);
        clock.addAndGet(5000);
        final ScanEvent second = scan(code, "CN-44");
        assertEquals(Verdict.GENUINE, second.verdict);
        assertFalse(second.firstScan);
        assertEquals(2, second.scanCount);
        assertEquals(1_000_000, second.firstScanAt);
        assertEquals("CN-31", Regions.toString(second.firstRegion));
        assertEquals(b, second.batch);
    }

    @Test
    void shouldAnswerUnknownForSerialsInNoBatch() {
        final Batch b = batch(10, null);
        assertEquals(Verdict.UNKNOWN, scan(b.firstCodeId() + 10, null).verdict);
        assertEquals(Verdict.UNKNOWN, scan(CodeFormat.codeId(1, 0), null).verdict);
        assertEquals(Verdict.UNKNOWN, scan(CodeFormat.codeId(2, b.firstSerial()), null).verdict);
        assertEquals(0, ledger.size(), "unknown codes take no memory");
    }

    @Test
    void shouldAnswerNotActiveForInactiveBatchWithoutCounting() {
        final Batch b = batch(10, "INACTIVE");
        assertEquals(Verdict.NOT_ACTIVE, scan(b.firstCodeId(), null).verdict);
        verifier.changeBatchState(b.batchId(), BatchState.ACTIVE);
        final ScanEvent e = scan(b.firstCodeId(), null);
        assertEquals(Verdict.GENUINE, e.verdict);
        assertEquals(1, e.scanCount);
    }

    @Test
    void shouldAnswerVoidedForVoidedCodesAndBatches() {
        final Batch b = batch(10, null);
        scan(b.firstCodeId(), null);
        assertTrue(verifier.voidCode(b.firstCodeId()));
        assertFalse(verifier.voidCode(b.firstCodeId()));
        assertEquals(Verdict.VOIDED, scan(b.firstCodeId(), null).verdict);
        assertEquals(1, verifier.codeState(b.firstCodeId()).scanCount, "a voided code's scans are not counted");
        assertTrue(verifier.voidCode(b.firstCodeId() + 1));
        verifier.changeBatchState(b.batchId(), BatchState.INACTIVE);
        assertEquals(Verdict.VOIDED, scan(b.firstCodeId() + 1, null).verdict);
        assertEquals(Verdict.NOT_ACTIVE, scan(b.firstCodeId() + 2, null).verdict);
        verifier.changeBatchState(b.batchId(), BatchState.VOIDED);
        assertEquals(Verdict.VOIDED, scan(b.firstCodeId() + 2, null).verdict);
        assertThrows(io.scangate.verifier.batch.BatchConflictException.class, () -> verifier.changeBatchState(b.batchId(), BatchState.ACTIVE));
    }

    @Test
    void shouldTreatAGtinMismatchAsForged() {
        final Batch b = batch(10, null);
        final ScanEvent e = new ScanEvent();
        e.codeId = b.firstCodeId();
        e.gtin = 6901234567899L;
        verifier.scan(e);
        assertEquals(Verdict.FORGED, e.verdict);
        assertNull(verifier.codeState(b.firstCodeId()), "a forged scan counts nothing");
        e.gtin = Long.parseLong(b.gtin());
        verifier.scan(e);
        assertEquals(Verdict.GENUINE, e.verdict);
    }

    @Test
    void shouldAllocateSerialRangesThatNeverOverlap() {
        final Batch a = batch(100, null);
        final Batch b = batch(50, null);
        final Batch c = batch(1, null);
        assertEquals(a.firstSerial() + 100, b.firstSerial());
        assertEquals(b.firstSerial() + 50, c.firstSerial());
        assertEquals(b, verifier.batches().index().find(b.firstCodeId() + 49));
        assertEquals(c, verifier.batches().index().find(c.firstCodeId()));
    }
}
