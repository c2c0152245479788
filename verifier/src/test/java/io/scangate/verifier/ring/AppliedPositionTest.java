package io.scangate.verifier.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** The ring's applied position: where recovery left the journal at start, then each batch's end once its effects are in. */
class AppliedPositionTest {
    private static final EventTranslatorOneArg<ScanEvent, Long> SCAN = (e, seq, codeId) -> {
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = codeId;
        e.replyTo = codeId;
    };

    @Test
    void theAppliedPositionStartsAtTheJournalsEndAndFollowsEachBatch() throws Exception {
        final CountDownLatch answered = new CountDownLatch(500);
        final AtomicLong lastBatchEnd = new AtomicLong();
        final ReplyRouter router = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                answered.countDown();
            }

            @Override
            public void endOfBatch(final long journalPosition) {
                lastBatchEnd.set(journalPosition);
            }
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(10_000)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 1, 2)));
            final Batch b = verifier.createBatch(BatchSpec.of("S", "12345670", "CN", 1000L, null, null));
            final long recovered = verifier.journalPosition();
            assertTrue(recovered > 0);
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(64).verifier(verifier).router(router));
            ring.start();
            assertEquals(recovered, ring.appliedPosition(), "recovery applied everything before the ring started");
            for (int i = 0; i < 500; i++) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!ring.tryPublish(SCAN, b.firstCodeId() + i % 300)) {
                    assertTrue(System.nanoTime() < deadline, "ring stayed full");
                    Thread.onSpinWait();
                }
            }
            assertTrue(answered.await(60, TimeUnit.SECONDS));
            ring.drainAndStop(10, TimeUnit.SECONDS);
            assertEquals(recovered + 500, verifier.journalPosition(), "one record a scan (a discarding journal counts them)");
            assertEquals(verifier.journalPosition(), ring.appliedPosition());
            assertEquals(lastBatchEnd.get(), ring.appliedPosition());
        }
    }
}
