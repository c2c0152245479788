package io.scangate.server.http;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoop;

/**
 * The way back from the verifier to one event loop. The verifier chains finished replies locally
 * during a batch and, at the batch's end, pushes the whole chain onto an atomic inbox with one
 * CAS and wakes the loop at most once; the loop drains the inbox, writes each connection's
 * answers in request order and flushes each connection once.
 *
 * <p>Concurrency: {@code localHead}/{@code dirty} belong to the verifier thread; {@code inbox} and
 * {@code scheduled} are shared; {@code toFlush} belongs to the event loop.
 */
final class LoopReplies implements Runnable {
    private final EventLoop loop;
    private final AtomicReference<PendingReply> inbox = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ArrayList<ScanConnection> toFlush = new ArrayList<>();

    // verifier thread only
    private PendingReply localHead;
    private PendingReply localTail;
    boolean dirty;

    LoopReplies(final EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** Verifier thread: adds a finished reply to this batch's chain. */
    void add(final PendingReply reply) {
        reply.next = null;
        if (localHead == null) {
            localHead = reply;
        } else {
            localTail.next = reply;
        }
        localTail = reply;
    }

    /** Verifier thread: hands the batch's chain to the loop and wakes it if it is not yet due. */
    void publish() {
        final PendingReply head = localHead;
        final PendingReply tail = localTail;
        localHead = null;
        localTail = null;
        if (head != null) {
            push(head, tail);
        }
    }

    /** Verifier thread: takes this batch's chain away (to be pushed once durable); returns its head. */
    PendingReply detachHead() {
        final PendingReply head = localHead;
        localHead = null;
        return head;
    }

    PendingReply detachTail() {
        final PendingReply tail = localTail;
        localTail = null;
        return tail;
    }

    /** Any thread: pushes a finished chain onto the inbox and wakes the loop if it is not yet due. */
    void push(final PendingReply head, final PendingReply tail) {
        PendingReply old;
        do {
            old = inbox.get();
            tail.next = old;
        } while (!inbox.compareAndSet(old, head));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    /** Event loop: writes every delivered reply, then flushes each touched connection once. */
    @Override
    public void run() {
        scheduled.set(false);
        PendingReply r = inbox.getAndSet(null);
        while (r != null) {
            final PendingReply next = r.next;
            r.next = null;
            r.done = true;
            final ScanConnection c = r.connection;
            if (c.writeReady() && !c.flushQueued) {
                c.flushQueued = true;
                toFlush.add(c);
            }
            r = next;
        }
        for (int i = 0, n = toFlush.size(); i < n; i++) {
            final ScanConnection c = toFlush.get(i);
            c.flushQueued = false;
            c.flushNow();
        }
        toFlush.clear();
    }
}
