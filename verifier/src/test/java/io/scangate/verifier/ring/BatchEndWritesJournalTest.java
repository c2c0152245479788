package io.scangate.verifier.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * The verifier's journal appends wait in the process for the end of their ring batch, and that end
 * writes them to the file before the batch's answers are released: whoever reads the segment files
 * when a batch ends finds every record up to the position the batch reports, and an admin command's
 * records are in the file when it answers.
 */
class BatchEndWritesJournalTest {
    private static final EventTranslatorOneArg<ScanEvent, Long> SCAN = (e, seq, codeId) -> {
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = codeId;
        e.replyTo = codeId;
    };

    @TempDir
    Path dir;

    /** The end of the last whole record in the segment files, read as another process would. */
    private static long endInFiles(final Path journalDir) {
        final AtomicLong end = new AtomicLong(JournalPosition.of(0, 0));
        FileJournal.replay(journalDir, 0, (buffer, offset, type, sequence, recordEnd) -> end.set(recordEnd));
        return end.get();
    }

    @Test
    void shouldWriteEachBatchsRecordsToTheFileBeforeItsAnswersGo() throws Exception {
        final Path journalDir = dir.resolve("journal");
        final int scans = 2_000;
        final CountDownLatch answered = new CountDownLatch(scans);
        final List<String> early = new CopyOnWriteArrayList<>();
        final AtomicInteger batches = new AtomicInteger();
        final ReplyRouter router = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                answered.countDown();
            }

            @Override
            public void endOfBatch(final long journalPosition) {
                batches.incrementAndGet();
                final long inFiles = endInFiles(journalDir);
                if (inFiles != journalPosition) {
                    early.add(JournalPosition.toString(journalPosition) + " reported, " + JournalPosition.toString(inFiles) + " in the files");
                }
            }
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(10_000); FileJournal journal = FileJournal.open(journalDir, 64 * 1024)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(journal)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 1, 2)));
            final Batch b = verifier.createBatch(BatchSpec.of("S", "12345670", "CN", 5_000L, null, null));
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(256).verifier(verifier).router(router));
            ring.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < scans; i++) {
                while (!ring.tryPublish(SCAN, b.firstCodeId() + i % 3_000)) {
                    assertTrue(System.nanoTime() < deadline, "ring stayed full");
                    Thread.onSpinWait();
                }
            }
            assertTrue(answered.await(60, TimeUnit.SECONDS));
            final CountDownLatch adminDone = new CountDownLatch(1);
            final long[] seenByAdmin = new long[2];
            final AdminCommand create = AdminCommand.of(v -> v.createBatch(BatchSpec.of("T", "12345670", "CN", 10L, null, null)));
            assertTrue(ring.tryPublishAdmin(create));
            create.result().whenComplete((r, e) -> {
                // answered on the verifier thread as the command returns, before its batch ends
                seenByAdmin[0] = endInFiles(journalDir);
                seenByAdmin[1] = journal.endPosition();
                adminDone.countDown();
            });
            assertTrue(adminDone.await(30, TimeUnit.SECONDS));
            ring.drainAndStop(10, TimeUnit.SECONDS);
            assertEquals(List.of(), early, "batches that ended before their records were in the files");
            assertTrue(batches.get() > 0);
            assertEquals(seenByAdmin[1], seenByAdmin[0], "an admin command's records are in the file when it answers");
            assertTrue(journal.segmentCount() > 1, "the scans crossed segments: " + journal.segmentCount());
        }
    }
}
