package io.scangate.server.reply;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoop;

/**
 * The way back from the verifier to one event loop. The verifier chains finished answers locally
 * during a batch and, at the batch's end (or once the journal is durable that far), pushes the
 * whole chain onto an atomic inbox with one CAS and wakes the loop at most once; the loop drains
 * the inbox into its {@link Delivery}, which writes the answers and flushes each channel once.
 *
 * <p>Concurrency: {@code localHead}/{@code localTail}/{@code dirty} belong to the verifier
 * thread; {@code inbox} and {@code scheduled} are shared; the delivery runs on the event loop.
 *
 * @param <T> the answers this loop gets back
 */
public final class LoopInbox<T extends Returning> implements Runnable {
    /** What the event loop does with delivered answers. */
    public interface Delivery<T> {
        /** Event loop: one answer is back. */
        void deliver(T answer);

        /** Event loop: the inbox is drained; flush what {@link #deliver} touched. */
        void drained();
    }

    private final EventLoop loop;
    private final Delivery<T> delivery;
    private final AtomicReference<Returning> inbox = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    // verifier thread only
    private Returning localHead;
    private Returning localTail;
    /** Verifier thread: this inbox has answers in the current batch. */
    boolean dirty;

    public LoopInbox(final EventLoop loop, final Delivery<T> delivery) {
        this.loop = loop;
        this.delivery = delivery;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Verifier thread: adds a finished answer to this batch's chain. */
    void add(final T answer) {
        answer.next = null;
        if (localHead == null) {
            localHead = answer;
        } else {
            localTail.next = answer;
        }
        localTail = answer;
    }

    /** Verifier thread: takes this batch's chain away; returns its head (its tail: {@link #detachTail}). */
    Returning detachHead() {
        final Returning head = localHead;
        localHead = null;
        return head;
    }

    Returning detachTail() {
        final Returning tail = localTail;
        localTail = null;
        return tail;
    }

    /** Any thread: pushes a finished chain onto the inbox and wakes the loop if it is not yet due. */
    void push(final Returning head, final Returning tail) {
        Returning old;
        do {
            old = inbox.get();
            tail.next = old;
        } while (!inbox.compareAndSet(old, head));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    /** Event loop: delivers every answer in the inbox, then lets the delivery flush. */
    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        scheduled.set(false);
        Returning r = inbox.getAndSet(null);
        while (r != null) {
            final Returning next = r.next;
            r.next = null;
            delivery.deliver((T) r);
            r = next;
        }
        delivery.drained();
    }
}
