package io.scangate.verifier.ring;

import java.util.function.LongSupplier;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;

/**
 * The verdict logic over the ledger and the batch registry. The tag was already checked on the
 * event loop; here the code's history decides. Every change is appended to the journal before it
 * is applied, so the ledger never holds an effect the journal lacks.
 *
 * <p>Concurrency: single writer; every method runs on the verifier thread (or on a test's thread
 * with no ring running).
 */
public final class Verifier {
    private final Ledger ledger;
    private final Journal journal;
    private final BatchRegistry batches;
    private final KeyRing keys;
    private final LongSupplier clock;
    private final CodeState state = new CodeState();

    public Verifier(final Ledger ledger, final Journal journal, final BatchRegistry batches, final KeyRing keys,
                    final LongSupplier clockMillis) {
        this.ledger = ledger;
        this.journal = journal;
        this.batches = batches;
        this.keys = keys;
        this.clock = clockMillis;
    }

    /** Decides the verdict of one authentic scan and counts it if genuine. */
    public void scan(final ScanEvent e) {
        final Batch batch = batches.index().find(e.codeId);
        e.batch = batch;
        if (batch == null) {
            e.verdict = Verdict.UNKNOWN;
            return;
        }
        if (e.gtin != 0 && e.gtin != Long.parseLong(batch.gtin())) {
            e.verdict = Verdict.FORGED;
            e.batch = null;
            return;
        }
        if (batch.state() == BatchState.VOIDED) {
            e.verdict = Verdict.VOIDED;
            return;
        }
        if (batch.state() == BatchState.INACTIVE) {
            ledger.read(e.codeId, state);
            e.verdict = state.voided() ? Verdict.VOIDED : Verdict.NOT_ACTIVE;
            return;
        }
        ledger.readForUpdate(e.codeId, state);
        if (state.voided()) {
            e.verdict = Verdict.VOIDED;
            return;
        }
        state.countScan(clock.getAsLong(), e.deviceHash, e.region);
        journal.appendCodeState(e.codeId, state, e.deviceHash, e.consumerHash, JournalRecord.CAUSE_SCAN);
        ledger.writeBack(state);
        e.verdict = Verdict.GENUINE;
        e.scanCount = state.scanCount;
        e.firstScan = state.scanCount == 1;
        e.firstScanAt = state.firstScanAt;
        e.firstRegion = state.firstRegion;
    }

    /** Creates a batch under the current key id; durable when this returns. */
    public Batch createBatch(final BatchSpec spec) {
        return journaled(batches.plan(spec, keys.currentKeyId(), clock.getAsLong()));
    }

    /** Changes a batch's state ({@code VOIDED} is final); durable when this returns. */
    public Batch changeBatchState(final long batchId, final BatchState newState) {
        final Batch updated = batches.planState(batchId, newState);
        return updated.equals(batches.index().byId(batchId)) ? updated : journaled(updated);
    }

    private Batch journaled(final Batch batch) {
        journal.appendBatch(BatchRegistry.toJson(batch));
        journal.force();
        return batches.apply(batch);
    }

    /** Voids one code; returns false if it already was. Durable when this returns. */
    public boolean voidCode(final long codeId) {
        ledger.readForUpdate(codeId, state);
        if (state.voided()) {
            return false;
        }
        state.flags |= CodeState.FLAG_VOIDED;
        journal.appendCodeState(codeId, state, 0, 0, JournalRecord.CAUSE_VOID);
        ledger.writeBack(state);
        journal.force();
        return true;
    }

    /** Position after the last journaled change (all of them are applied to the ledger). */
    public long journalPosition() {
        return journal.endPosition();
    }

    /** A copy of a code's ledger state, or null if it was never scanned nor voided. */
    public CodeState codeState(final long codeId) {
        final CodeState copy = new CodeState();
        return ledger.read(codeId, copy) ? copy : null;
    }

    public BatchRegistry batches() {
        return batches;
    }

    public Ledger ledger() {
        return ledger;
    }
}
