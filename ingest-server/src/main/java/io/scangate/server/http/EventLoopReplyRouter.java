package io.scangate.server.http;

import java.util.IdentityHashMap;
import java.util.Map;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.ScanEvent;

/**
 * Routes verifier outcomes to the event loop of the connection that asked, one
 * {@link LoopReplies} per loop, woken once per verifier batch.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} run on the verifier thread;
 * {@link #forLoop} is read by event loops after construction (the map is never changed).
 */
public final class EventLoopReplyRouter implements ReplyRouter {
    private final Map<EventLoop, LoopReplies> byLoop = new IdentityHashMap<>();
    private final LoopReplies[] dirty;
    private int dirtyCount;

    public EventLoopReplyRouter(final EventLoopGroup group) {
        for (final EventExecutor executor : group) {
            final EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new LoopReplies(loop));
        }
        this.dirty = new LoopReplies[byLoop.size()];
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
        final LoopReplies loop = reply.connection.replies;
        loop.add(reply);
        if (!loop.dirty) {
            loop.dirty = true;
            dirty[dirtyCount++] = loop;
        }
    }

    @Override
    public void endOfBatch() {
        for (int i = 0; i < dirtyCount; i++) {
            dirty[i].dirty = false;
            dirty[i].publish();
            dirty[i] = null;
        }
        dirtyCount = 0;
    }
}
