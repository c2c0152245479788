package io.scangate.server.http;

import io.netty.channel.Channel;

/**
 * Whether a scan connection reads: not while it owes {@link #PAUSE_AT} answers or more (a client
 * pipelining without end) until they are down to {@link #RESUME_AT}, and not while the client does
 * not read its answers (the channel is not writable), so that neither can pile up in memory.
 *
 * <p>Concurrency: event-loop confined.
 */
final class ReadFlow {
    static final int PAUSE_AT = 256;
    static final int RESUME_AT = 64;

    private Channel channel;
    private boolean paused;
    private boolean unwritable;

    void attach(final Channel channel) {
        this.channel = channel;
    }

    /** After a request was queued: {@code owed} answers are now owed. */
    void owed(final int owed) {
        if (owed >= PAUSE_AT && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** After answers were written: {@code owed} are still owed. */
    void answered(final int owed) {
        if (paused && owed <= RESUME_AT) {
            paused = false;
            channel.config().setAutoRead(!unwritable);
        }
    }

    /** The channel's writability changed; reads change with it unless the connection is closing. */
    void writabilityChanged(final boolean closing) {
        unwritable = !channel.isWritable();
        if (!closing) {
            channel.config().setAutoRead(!unwritable && !paused);
        }
    }
}
