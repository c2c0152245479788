package io.scangate.verifier.ring;

import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.AdminCommand;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The ring's only consumer: runs each event through the {@link Verifier} and routes the answer.
 * No exception escapes: a failed event is answered as an error, logged, counted, and the ring
 * keeps going.
 *
 * <p>Concurrency: runs on the verifier thread only; {@link #failures()} may be read anywhere.
 */
public final class VerifierHandler implements RingHandler {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierHandler.class);

    private final Verifier verifier;
    private final ReplyRouter router;
    private final AtomicLong failures = new AtomicLong();
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    /**
     * When the oldest scan of the batch the verifier is working through was received (its
     * {@link ScanEvent#receivedNanos}), 0 between batches: the age of the oldest scan still waiting
     * for its verdict, which {@link VerifierRing} sheds on.
     */
    private final AtomicLong batchHeadNanos = new AtomicLong();
    private boolean headPending = true;
    /**
     * The journal position every record up to which is applied to the state, published at the end
     * of each batch after its effects (a release store): where a fuzzy snapshot copy starts from
     * (docs/SNAPSHOTS.md).
     */
    private final AtomicLong applied = new AtomicLong();
    /** The last sequence fully handled, published at the end of each batch. */
    private volatile long processed = -1;

    @Override
    public void onStart() {
        applied.lazySet(verifier.journalPosition()); // recovery applied everything before the ring started
        started.countDown();
    }

    /** Waits until the verifier thread runs; false on timeout. */
    @Override
    public boolean awaitStart(final long timeout, final java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    @Override
    public long processed() {
        return processed;
    }

    public VerifierHandler(final Verifier verifier, final ReplyRouter router) {
        this.verifier = verifier;
        this.router = router;
    }

    @Override
    public void onEvent(final ScanEvent event, final long sequence, final boolean endOfBatch) {
        if (headPending && event.type != ScanEvent.TYPE_ADMIN) {
            // the batch's first scan is its oldest (0: a scan without a receive time, no lag known)
            batchHeadNanos.lazySet(event.receivedNanos);
            headPending = false;
        }
        try {
            if (event.type == ScanEvent.TYPE_ADMIN) {
                final AdminCommand command = event.admin;
                event.admin = null;
                // an admin command answers its caller as it returns: its records are written at once
                verifier.deferJournalWrites(false);
                command.run(verifier);
            } else {
                // a scan is answered after the batch's end, which writes the batch's records first
                verifier.deferJournalWrites(true);
                event.clearOutcome();
                try {
                    verifier.scan(event);
                } catch (final RuntimeException | LinkageError e) {
                    event.status = ScanEvent.STATUS_ERROR;
                    failures.incrementAndGet();
                    LOG.error("event=verifier_failure sequence={} error=\"{}\"", sequence, e.toString(), e);
                }
                router.complete(event);
                event.replyTo = null;
                event.batch = null;
            }
        } finally {
            if (endOfBatch) {
                batchHeadNanos.lazySet(0);
                headPending = true;
                verifier.deferJournalWrites(false); // the batch's records go to the file before its answers
                final long position = verifier.journalPosition();
                router.endOfBatch(position);
                applied.lazySet(position); // after the batch's effects: a snapshot may copy from here
                processed = sequence;
            }
        }
    }

    /**
     * How long the oldest scan the verifier is working on has waited at {@code nowNanos}, 0 when it
     * is between batches (any thread).
     */
    @Override
    public long lagNanos(final long nowNanos) {
        final long head = batchHeadNanos.get();
        return head == 0 ? 0 : Math.max(0, nowNanos - head);
    }

    /** The journal position whose records are all applied (any thread; an acquire read). */
    @Override
    public long appliedPosition() {
        return applied.get();
    }

    /** Events that failed in the verifier since start. */
    @Override
    public long failures() {
        return failures.get();
    }
}
