package io.scangate.server.http;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A connection's answers in request order (HTTP/1.1 pipelining): requests join at the tail when
 * they arrive, answers made on the event loop and answers back from the verifier mark their
 * request done, and only the done requests at the head may be written. Keeps a small pool of
 * replies so that steady traffic allocates none.
 *
 * <p>Concurrency: event-loop confined.
 */
final class ReplyQueue {
    /** Replies kept for reuse. */
    static final int POOL = 64;

    private final ArrayDeque<PendingReply> inFlight = new ArrayDeque<>();
    private final ArrayDeque<PendingReply> pool = new ArrayDeque<>();
    private final Supplier<PendingReply> factory;

    ReplyQueue(final Supplier<PendingReply> factory) {
        this.factory = factory;
    }

    /** A reset reply from the pool, or a new one; not yet queued. */
    PendingReply take() {
        final PendingReply r = pool.poll();
        if (r != null) {
            return r;
        }
        final PendingReply fresh = factory.get();
        fresh.reset();
        return fresh;
    }

    /** A reply from {@link #take()} for a request with these properties, not yet queued. */
    PendingReply take(final boolean keepAlive, final long startNanos, final int format) {
        final PendingReply reply = take();
        reply.keepAlive = keepAlive;
        reply.startNanos = startNanos;
        reply.format = format;
        return reply;
    }

    /** Queues {@code r} behind every earlier request. */
    void add(final PendingReply r) {
        inFlight.add(r);
    }

    /** The head reply if it is done (removed from the queue), else null. */
    PendingReply pollDone() {
        final PendingReply r = inFlight.peek();
        if (r == null || !r.done) {
            return null;
        }
        return inFlight.poll();
    }

    /** Resets {@code r} and keeps it for reuse (up to {@link #POOL}). */
    void recycle(final PendingReply r) {
        r.reset();
        if (pool.size() < POOL) {
            pool.add(r);
        }
    }

    /** Requests queued and not yet written. */
    int size() {
        return inFlight.size();
    }

    /** Writes one done reply; returns true if nothing may follow it (the connection closes). */
    @FunctionalInterface
    interface Writer {
        boolean write(PendingReply reply);
    }

    /**
     * Hands every done reply at the head to {@code writer}, in request order, recycling each; stops
     * after one the writer says closes. Returns whether it handed any.
     */
    boolean drain(final Writer writer) {
        boolean any = false;
        PendingReply r;
        while ((r = pollDone()) != null) {
            final boolean last = writer.write(r);
            recycle(r);
            any = true;
            if (last) {
                break;
            }
        }
        return any;
    }

    /** Releases the ready buffers of every queued reply (the channel is gone). */
    void releaseAll() {
        for (final PendingReply r : inFlight) {
            if (r.ready != null) {
                r.ready.release();
                r.ready = null;
            }
        }
    }
}
