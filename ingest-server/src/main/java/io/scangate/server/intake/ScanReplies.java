package io.scangate.server.intake;

import java.util.ArrayList;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.server.reply.HeldReplies;
import io.scangate.server.reply.LoopInbox;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The verifier's one way back, for every transport: each outcome is copied into its
 * {@link ScanTicket} and returned through {@link HeldReplies} to the event loop of the
 * {@link TicketOwner} that published it (one inbox per loop, woken once per verifier batch; with
 * {@code holdUntilDurable}, durability=sync, nothing goes back before the journal is forced that
 * far). On the loop, each owner answers in its own order and is flushed once per drain.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops.
 */
public final class ScanReplies implements ReplyRouter {
    private final HeldReplies<ScanTicket> replies;
    private final ScanMetrics metrics;

    /** {@code metrics}, if not null, gets each scan's verifier-stage time and its alerts. */
    public ScanReplies(final EventLoopGroup group, final boolean holdUntilDurable, final ScanMetrics metrics) {
        this.metrics = metrics;
        this.replies = new HeldReplies<>(group, holdUntilDurable, Returns::new);
    }

    /** An inbox for owners on {@code loop} outside any router (tests). */
    public static LoopInbox<ScanTicket> inbox(final EventLoop loop) {
        return new LoopInbox<>(loop, new Returns());
    }

    /** Set once at start: how to tell the syncer a batch waits for it. */
    public void wakeSyncerWith(final Runnable wake) {
        replies.wakeSyncerWith(wake);
    }

    /** Syncer thread: everything up to {@code position} is on disk; release what waited for it. */
    public void onDurable(final long position) {
        replies.onDurable(position);
    }

    /** The inbox for owners on {@code loop}. */
    public LoopInbox<ScanTicket> forLoop(final EventLoop loop) {
        return replies.forLoop(loop, "scan channel");
    }

    @Override
    public void complete(final ScanEvent event) {
        final ScanTicket ticket = (ScanTicket) event.replyTo;
        ticket.copyOutcome(event);
        if (metrics != null) {
            metrics.verifierNanos(System.nanoTime() - event.receivedNanos);
            metrics.scanAlerts(event.alerts, event.region);
        }
        replies.add(ticket.owner().inbox(), ticket);
    }

    @Override
    public void endOfBatch(final long journalPosition) {
        replies.endOfBatch(journalPosition);
    }

    /** Event loop: hands every returned ticket to its owner, then flushes each touched owner once. */
    private static final class Returns implements LoopInbox.Delivery<ScanTicket> {
        private final ArrayList<TicketOwner> toFlush = new ArrayList<>();

        @Override
        public void deliver(final ScanTicket t) {
            final TicketOwner owner = t.owner();
            if (owner.returned(t) && !owner.flushQueued()) {
                owner.flushQueued(true);
                toFlush.add(owner);
            }
        }

        @Override
        public void drained() {
            for (int i = 0, n = toFlush.size(); i < n; i++) {
                final TicketOwner owner = toFlush.get(i);
                owner.flushQueued(false);
                owner.flushNow();
            }
            toFlush.clear();
        }
    }
}
