package io.scangate.server.http;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.ScanEvent;

/**
 * Routes verifier outcomes to the event loop of the connection that asked, one
 * {@link LoopReplies} per loop, woken once per verifier batch. When answers must wait for the
 * journal ({@code holdUntilDurable}), each batch's chains are held, tagged with the batch's
 * journal position, and pushed by {@link #onDurable} once the syncer has forced that far.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops after
 * construction (the map is never changed).
 */
public final class EventLoopReplyRouter implements ReplyRouter {
    private final Map<EventLoop, LoopReplies> byLoop = new IdentityHashMap<>();
    private final LoopReplies[] dirty;
    private final boolean holdUntilDurable;
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeSyncer = () -> { };
    private int dirtyCount;
    private final ScanMetrics metrics;

    /** One verifier batch's answers waiting for the fsync that covers {@code position}. */
    private record Held(long position, LoopReplies[] loops, PendingReply[] heads, PendingReply[] tails) {
    }

    public EventLoopReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable) {
        this(group, holdUntilDurable, null);
    }

    /** As above; {@code metrics}, if not null, gets each scan's verifier-stage time and its alerts. */
    public EventLoopReplyRouter(final EventLoopGroup group, final boolean holdUntilDurable, final ScanMetrics metrics) {
        this.metrics = metrics;
        for (final EventExecutor executor : group) {
            final EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new LoopReplies(loop));
        }
        this.dirty = new LoopReplies[byLoop.size()];
        this.holdUntilDurable = holdUntilDurable;
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

    LoopReplies forLoop(final EventLoop loop) {
        final LoopReplies replies = byLoop.get(loop);
        if (replies == null) {
            throw new IllegalStateException("connection on an event loop outside the scan group");
        }
        return replies;
    }

    @Override
    public void complete(final ScanEvent event) {
        final PendingReply reply = (PendingReply) event.replyTo;
        reply.copyOutcome(event);
        if (metrics != null) {
            metrics.verifierNanos(System.nanoTime() - event.receivedNanos);
            metrics.scanAlerts(event.alerts, event.region);
        }
        final LoopReplies loop = reply.connection.replies;
        loop.add(reply);
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
            final LoopReplies[] loops = new LoopReplies[dirtyCount];
            final PendingReply[] heads = new PendingReply[dirtyCount];
            final PendingReply[] tails = new PendingReply[dirtyCount];
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
