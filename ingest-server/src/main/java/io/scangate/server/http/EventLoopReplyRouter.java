package io.scangate.server.http;

import java.util.ArrayList;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.server.reply.HeldReplies;
import io.scangate.server.reply.LoopInbox;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * Routes verifier outcomes to the event loop of the connection that asked, through
 * {@link HeldReplies} (one inbox per loop, woken once per verifier batch, held until durable in
 * durability=sync). On the loop, each connection writes its answers in request order and is
 * flushed once per drain.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops.
 */
public final class EventLoopReplyRouter implements ReplyRouter {
    private final HeldReplies<PendingReply> replies;
    private final ScanMetrics metrics;

    public EventLoopReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable) {
        this(group, holdUntilDurable, null);
    }

    /** As above; {@code metrics}, if not null, gets each scan's verifier-stage time and its alerts. */
    public EventLoopReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable, final ScanMetrics metrics) {
        this.metrics = metrics;
        this.replies = new HeldReplies<>(group, holdUntilDurable, Writes::new);
    }

    /** An inbox for connections on {@code loop} outside any router (tests). */
    static LoopInbox<PendingReply> inbox(final EventLoop loop) {
        return new LoopInbox<>(loop, new Writes());
    }

    /** Set once at start: how to tell the syncer a batch waits for it. */
    public void wakeSyncerWith(final Runnable wake) {
        replies.wakeSyncerWith(wake);
    }

    /** Syncer thread: everything up to {@code position} is on disk; release what waited for it. */
    public void onDurable(final long position) {
        replies.onDurable(position);
    }

    LoopInbox<PendingReply> forLoop(final EventLoop loop) {
        return replies.forLoop(loop, "connection");
    }

    @Override
    public void complete(final ScanEvent event) {
        final PendingReply reply = (PendingReply) event.replyTo;
        reply.copyOutcome(event);
        if (metrics != null) {
            metrics.verifierNanos(System.nanoTime() - event.receivedNanos);
            metrics.scanAlerts(event.alerts, event.region);
        }
        replies.add(reply.connection.replies, reply);
    }

    @Override
    public void endOfBatch(final long journalPosition) {
        replies.endOfBatch(journalPosition);
    }

    /** Event loop: writes every delivered reply, then flushes each touched connection once. */
    private static final class Writes implements LoopInbox.Delivery<PendingReply> {
        private final ArrayList<ScanConnection> toFlush = new ArrayList<>();

        @Override
        public void deliver(final PendingReply r) {
            r.done = true;
            final ScanConnection c = r.connection;
            if (c.writeReady() && !c.flushQueued) {
                c.flushQueued = true;
                toFlush.add(c);
            }
        }

        @Override
        public void drained() {
            for (int i = 0, n = toFlush.size(); i < n; i++) {
                final ScanConnection c = toFlush.get(i);
                c.flushQueued = false;
                c.flushNow();
            }
            toFlush.clear();
        }
    }
}
