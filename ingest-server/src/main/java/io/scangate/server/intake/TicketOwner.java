package io.scangate.server.intake;

import io.scangate.server.reply.LoopInbox;

/**
 * The channel handler a ticket returns to (an HTTP connection, a UDP channel): it answers
 * returned tickets in its own order and is flushed once per drain of its loop's inbox.
 *
 * <p>Concurrency: every method runs on the owner's event loop.
 */
public interface TicketOwner {
    /** The inbox of this owner's event loop. */
    LoopInbox<ScanTicket> inbox();

    /** Event loop: {@code ticket} is back from the verifier; true if an answer was written (flush later). */
    boolean returned(ScanTicket ticket);

    /** Whether this owner is already queued for the flush at the end of the current drain. */
    boolean flushQueued();

    void flushQueued(boolean queued);

    /** Flushes what {@link #returned} wrote. */
    void flushNow();
}
