package io.scangate.server.udp;

import java.util.ArrayList;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.scangate.server.reply.HeldReplies;
import io.scangate.server.reply.LoopInbox;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * Routes verifier outcomes of UDP scans to the event loop of the channel that received them,
 * through {@link HeldReplies} exactly as HTTP does (one inbox per loop, woken once per verifier
 * batch; with {@code holdUntilDurable}, durability=sync, nothing is answered before the journal
 * is forced that far). On the loop, a datagram is answered once all its scans are back, and each
 * channel is flushed once per drain.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops.
 */
public final class UdpReplyRouter implements ReplyRouter {
    private final HeldReplies<UdpScan> replies;

    public UdpReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable) {
        this.replies = new HeldReplies<>(group, holdUntilDurable, Answers::new);
    }

    /** Whether {@code replyTo} of a ring event is a UDP scan (this router's to answer). */
    public static boolean owns(final Object replyTo) {
        return replyTo instanceof UdpScan;
    }

    /** Set once at start: how to tell the syncer a batch waits for it. */
    public void wakeSyncerWith(final Runnable wake) {
        replies.wakeSyncerWith(wake);
    }

    /** Syncer thread: everything up to {@code position} is on disk; release what waited for it. */
    public void onDurable(final long position) {
        replies.onDurable(position);
    }

    LoopInbox<UdpScan> forLoop(final EventLoop loop) {
        return replies.forLoop(loop, "datagram channel");
    }

    @Override
    public void complete(final ScanEvent event) {
        final UdpScan scan = (UdpScan) event.replyTo;
        scan.copyOutcome(event);
        replies.add(scan.request.handler.replies, scan);
    }

    @Override
    public void endOfBatch(final long journalPosition) {
        replies.endOfBatch(journalPosition);
    }

    /** Event loop: hands every delivered scan to its datagram, then flushes each touched channel once. */
    private static final class Answers implements LoopInbox.Delivery<UdpScan> {
        private final ArrayList<UdpScanHandler> toFlush = new ArrayList<>();

        @Override
        public void deliver(final UdpScan s) {
            final UdpScanHandler h = s.request.handler;
            if (h.scanDone(s) && !h.flushQueued) {
                h.flushQueued = true;
                toFlush.add(h);
            }
        }

        @Override
        public void drained() {
            for (int i = 0, n = toFlush.size(); i < n; i++) {
                final UdpScanHandler h = toFlush.get(i);
                h.flushQueued = false;
                h.flushNow();
            }
            toFlush.clear();
        }
    }
}
