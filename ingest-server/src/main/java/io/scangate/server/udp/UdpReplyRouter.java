package io.scangate.server.udp;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.ScanEvent;

/**
 * Routes verifier outcomes of UDP scans to the event loop of the channel that received them,
 * one {@link UdpLoopReplies} per loop, woken once per verifier batch. With
 * {@code holdUntilDurable} (durability=sync) each batch's chains wait, tagged with the batch's
 * journal position, until {@link #onDurable} says the syncer has forced that far: nothing is
 * acknowledged before it is on disk, exactly as for HTTP.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops after
 * construction (the map is never changed).
 */
public final class UdpReplyRouter implements ReplyRouter {
    private final Map<EventLoop, UdpLoopReplies> byLoop = new IdentityHashMap<>();
    private final UdpLoopReplies[] dirty;
    private final boolean holdUntilDurable;
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeSyncer = () -> { };
    private int dirtyCount;

    /** One verifier batch's answers waiting for the fsync that covers {@code position}. */
    private record Held(long position, UdpLoopReplies[] loops, UdpScan[] heads, UdpScan[] tails) {
    }

    public UdpReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable) {
        for (final EventExecutor executor : group) {
            final EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new UdpLoopReplies(loop));
        }
        this.dirty = new UdpLoopReplies[byLoop.size()];
        this.holdUntilDurable = holdUntilDurable;
    }

    /** Whether {@code replyTo} of a ring event is a UDP scan (this router's to answer). */
    public static boolean owns(final Object replyTo) {
        return replyTo instanceof UdpScan;
    }

    /** Set once at start: how to tell the syncer a batch waits for it. */
    public void wakeSyncerWith(final Runnable wake) {
        this.wakeSyncer = wake;
    }

    /** Syncer thread: everything up to {@code position} is on disk; release what waited for it. */
    public void onDurable(final long position) {
        Held h;
        while ((h = held.peek()) != null && h.position <= position) {
            held.poll();
            for (int i = 0; i < h.loops.length; i++) {
                h.loops[i].push(h.heads[i], h.tails[i]);
            }
        }
    }

    UdpLoopReplies forLoop(final EventLoop loop) {
        final UdpLoopReplies replies = byLoop.get(loop);
        if (replies == null) {
            throw new IllegalStateException("datagram channel on an event loop outside the scan group");
        }
        return replies;
    }

    @Override
    public void complete(final ScanEvent event) {
        final UdpScan scan = (UdpScan) event.replyTo;
        scan.copyOutcome(event);
        final UdpLoopReplies loop = scan.request.handler.replies;
        loop.add(scan);
        if (!loop.dirty) {
            loop.dirty = true;
            dirty[dirtyCount++] = loop;
        }
    }

    @Override
    public void endOfBatch(final long journalPosition) {
        if (dirtyCount == 0) {
            return;
        }
        if (holdUntilDurable) {
            final UdpLoopReplies[] loops = new UdpLoopReplies[dirtyCount];
            final UdpScan[] heads = new UdpScan[dirtyCount];
            final UdpScan[] tails = new UdpScan[dirtyCount];
            for (int i = 0; i < dirtyCount; i++) {
                loops[i] = dirty[i];
                heads[i] = dirty[i].detachHead();
                tails[i] = dirty[i].detachTail();
                dirty[i].dirty = false;
                dirty[i] = null;
            }
            dirtyCount = 0;
            held.add(new Held(journalPosition, loops, heads, tails));
            wakeSyncer.run();
            return;
        }
        for (int i = 0; i < dirtyCount; i++) {
            dirty[i].dirty = false;
            dirty[i].publish();
            dirty[i] = null;
        }
        dirtyCount = 0;
    }
}
