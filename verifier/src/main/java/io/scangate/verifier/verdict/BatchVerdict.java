package io.scangate.verifier.verdict;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;

/**
 * The verdicts a code gets from its batch alone, before anything is counted, shared by consumer
 * and role scans: {@code UNKNOWN} (in no batch), {@code FORGED} (a claimed GTIN that is not the
 * batch's), {@code VOIDED} (its batch voided, or the code voided in an inactive batch) and
 * {@code NOT_ACTIVE}. A code voided in an active batch is found by the caller when it reads the
 * code's state.
 *
 * <p>Concurrency: stateless; called on the verifier thread.
 */
final class BatchVerdict {
    private BatchVerdict() {
    }

    /**
     * Sets {@code e.batch} (null for an unknown or forged code) and returns the verdict its batch
     * decides, or null when the batch is active; {@code scratch} may be overwritten.
     */
    static Verdict refusal(final ScanEvent e, final BatchRegistry batches, final Ledger ledger, final CodeState scratch) {
        final Batch batch = batches.index().find(e.codeId);
        e.batch = batch;
        if (batch == null) {
            return Verdict.UNKNOWN;
        }
        if (e.gtin != 0 && e.gtin != batch.gtinNumber()) {
            e.batch = null;
            return Verdict.FORGED;
        }
        if (batch.state() == BatchState.VOIDED) {
            return Verdict.VOIDED;
        }
        if (batch.state() == BatchState.INACTIVE) {
            ledger.read(e.codeId, scratch);
            return scratch.voided() ? Verdict.VOIDED : Verdict.NOT_ACTIVE;
        }
        return null;
    }
}
