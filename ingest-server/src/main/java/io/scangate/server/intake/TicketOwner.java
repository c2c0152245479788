package io.scangate.server.intake;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.scangate.server.reply.LoopInbox;

/**
 * The channel handler scans return to (an HTTP connection, a UDP channel): it publishes through
 * its {@link ScanIntake}, answers returned tickets in its own order, and is flushed once per read
 * batch or per drain of its loop's inbox, whichever comes first.
 *
 * <p>Concurrency: event-loop confined; {@link ScanReplies} calls {@link #returned} and
 * {@link #flushNow} on the owner's loop.
 */
public abstract class TicketOwner extends ChannelInboundHandlerAdapter {
    private final LoopInbox<ScanTicket> replies;
    /** The intake this channel's scans enter by. */
    protected final ScanIntake intake;
    /** This handler's context, set when it is added to the pipeline. */
    protected ChannelHandlerContext ctx;
    private boolean flushQueued;
    private boolean writtenSinceFlush;

    protected TicketOwner(final LoopInbox<ScanTicket> replies, final ScanIntake intake) {
        this.replies = replies;
        this.intake = intake;
    }

    /** The inbox of this owner's event loop. */
    public final LoopInbox<ScanTicket> inbox() {
        return replies;
    }

    /** Event loop: {@code ticket} is back from the verifier; true if an answer was written (flush later). */
    public abstract boolean returned(ScanTicket ticket);

    /** Whether this owner is already queued for the flush at the end of the current drain. */
    final boolean flushQueued() {
        return flushQueued;
    }

    final void flushQueued(final boolean queued) {
        flushQueued = queued;
    }

    /** Something was written that the next {@link #flushNow} must flush. */
    protected final void wrote() {
        writtenSinceFlush = true;
    }

    /** Flushes what was written since the last flush, if anything. */
    public final void flushNow() {
        if (writtenSinceFlush) {
            writtenSinceFlush = false;
            ctx.flush();
        }
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final void channelReadComplete(final ChannelHandlerContext ctx) {
        flushNow();
    }
}
