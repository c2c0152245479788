package io.scangate.verifier.ring;

import io.scangate.verifier.verdict.ScanEvent;

/**
 * Where the verifier hands finished scans. Implementations copy the outcome out of the event
 * (the slot is reused right after) and queue it for the transport thread that owns the request.
 *
 * <p>Concurrency: called only by the verifier thread.
 */
public interface ReplyRouter {
    /** The outcome of {@code event} is ready. */
    void complete(ScanEvent event);

    /**
     * The verifier reached the end of a batch whose changes end at {@code journalPosition}: wake
     * the transport threads that have answers, or hold the answers until that position is
     * durable, depending on the durability mode.
     */
    void endOfBatch(long journalPosition);
}
