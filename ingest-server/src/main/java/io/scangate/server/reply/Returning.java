package io.scangate.server.reply;

/**
 * An answer on its way from the verifier back to the event loop that owns it (an HTTP request,
 * a UDP scan). The link is intrusive so that chaining answers allocates nothing.
 */
public abstract class Returning {
    /** Next answer in a {@link LoopInbox} chain; only the inbox touches it. */
    Returning next;

    /** Forgets the link (when the object is pooled again). */
    protected final void unlink() {
        next = null;
    }
}
