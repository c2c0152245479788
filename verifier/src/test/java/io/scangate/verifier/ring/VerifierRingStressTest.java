package io.scangate.verifier.ring;

import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;
import io.scangate.verifier.verdict.ScanEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ledger.ChronicleLedger;

/** Many publishers on one small ring: every scan is answered once, counts are exact, one first scan. */
class VerifierRingStressTest {
    private static final EventTranslatorOneArg<ScanEvent, Long> SCAN = (e, seq, codeId) -> {
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = codeId;
        e.replyTo = codeId;
    };

    @Test
    void shouldCountEveryScanFromManyPublishersExactlyOnce() throws Exception {
        final int publishers = 8;
        final int perPublisher = 5_000;
        final ConcurrentLinkedQueue<int[]> answers = new ConcurrentLinkedQueue<>();
        final AtomicInteger firsts = new AtomicInteger();
        final CountDownLatch all = new CountDownLatch(publishers * perPublisher);
        final ReplyRouter router = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                if (event.firstScan) {
                    firsts.incrementAndGet();
                }
                answers.add(new int[] {event.scanCount});
                all.countDown();
            }

            @Override
            public void endOfBatch(final long journalPosition) {
            }
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(10_000)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 1, 2)));
            final Batch b = verifier.createBatch(BatchSpec.of("S", "12345670", "CN", 10L, null, null));
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(64).verifier(verifier).router(router));
            ring.start();
            final AtomicInteger refused = new AtomicInteger();
            final Thread[] threads = new Thread[publishers];
            for (int t = 0; t < publishers; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!ring.tryPublish(SCAN, b.firstCodeId())) {
                            refused.incrementAndGet();
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("ring stayed full for 30 s");
                            }
                            Thread.onSpinWait();
                        }
                    }
                });
                threads[t].start();
            }
            for (final Thread t : threads) {
                t.join(60_000);
            }
            assertTrue(all.await(60, TimeUnit.SECONDS), "every published scan is answered");
            ring.drainAndStop(10, TimeUnit.SECONDS);
            assertEquals(1, firsts.get(), "exactly one first scan");
            assertEquals(publishers * perPublisher, answers.size());
            assertEquals(publishers * perPublisher, answers.stream().mapToInt(a -> a[0]).max().orElse(0));
            assertEquals(publishers * perPublisher, verifier.codeState(b.firstCodeId()).scanCount);
            assertTrue(refused.get() >= 0);
        }
    }

    @Test
    void shouldRefuseToPublishWhenTheRingIsFull() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger answered = new AtomicInteger();
        final ReplyRouter blocking = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answered.incrementAndGet();
            }

            @Override
            public void endOfBatch(final long journalPosition) {
            }
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 1, 2)));
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(64).verifier(verifier).router(blocking));
            ring.start();
            int accepted = 0;
            while (ring.tryPublish(SCAN, 1L) && accepted < 1_000) {
                accepted++;
            }
            assertTrue(accepted >= 64 && accepted <= 65, "ring of 64 takes its size (+1 in the handler), took " + accepted);
            assertEquals(0, ring.remainingCapacity());
            release.countDown();
            ring.drainAndStop(10, TimeUnit.SECONDS);
            assertEquals(accepted, answered.get(), "nothing accepted is dropped");
        }
    }

    @Test
    void shouldShedWhileTheOldestScanInTheVerifiersHandsIsOlderThanTheLagBound() throws Exception {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ReplyRouter stuck = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void endOfBatch(final long journalPosition) {
            }
        };
        final EventTranslatorOneArg<ScanEvent, Long> timed = (e, seq, codeId) -> {
            SCAN.translateTo(e, seq, codeId);
            e.receivedNanos = System.nanoTime();
        };
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 1, 2)));
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(64).shedAbove(32).shedLagMillis(20).verifier(verifier)
                    .router(stuck));
            ring.start();
            assertTrue(ring.tryPublish(timed, 1L));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            Thread.sleep(60);
            assertTrue(ring.lagNanos() >= TimeUnit.MILLISECONDS.toNanos(50), "lag " + ring.lagNanos());
            assertTrue(ring.tryPublish(timed, 2L), "a stall with fewer than shedAbove/16 (2) waiting sheds nothing");
            assertTrue(!ring.tryPublish(timed, 3L), "shed: 2 waiting, and the verifier has held its oldest scan 60 ms, past the 20 ms bound");
            release.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ring.lagNanos() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(0, ring.lagNanos(), "between batches the verifier lags by nothing");
            assertTrue(ring.tryPublish(timed, 4L), "admitted again once it caught up");
            ring.drainAndStop(10, TimeUnit.SECONDS);
        }
    }
}
