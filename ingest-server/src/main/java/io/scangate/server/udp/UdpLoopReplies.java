package io.scangate.server.udp;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoop;

/**
 * The way back from the verifier to one event loop for UDP scans, as {@code LoopReplies} is for
 * HTTP: the verifier chains finished scans during a batch and pushes the chain onto an atomic
 * inbox with one CAS, waking the loop at most once; the loop hands each scan to its datagram and
 * flushes each touched channel once.
 *
 * <p>Concurrency: {@code localHead}/{@code dirty} belong to the verifier thread; {@code inbox} and
 * {@code scheduled} are shared; {@code toFlush} belongs to the event loop.
 */
final class UdpLoopReplies implements Runnable {
    private final EventLoop loop;
    private final AtomicReference<UdpScan> inbox = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ArrayList<UdpScanHandler> toFlush = new ArrayList<>();

    // verifier thread only
    private UdpScan localHead;
    private UdpScan localTail;
    boolean dirty;

    UdpLoopReplies(final EventLoop loop) {
        this.loop = loop;
    }

    /** Verifier thread: adds a finished scan to this batch's chain. */
    void add(final UdpScan scan) {
        scan.next = null;
        if (localHead == null) {
            localHead = scan;
        } else {
            localTail.next = scan;
        }
        localTail = scan;
    }

    /** Verifier thread: hands the batch's chain to the loop. */
    void publish() {
        final UdpScan head = localHead;
        final UdpScan tail = localTail;
        localHead = null;
        localTail = null;
        if (head != null) {
            push(head, tail);
        }
    }

    /** Verifier thread: takes this batch's chain away (to be pushed once durable); returns its head. */
    UdpScan detachHead() {
        final UdpScan head = localHead;
        localHead = null;
        return head;
    }

    UdpScan detachTail() {
        final UdpScan tail = localTail;
        localTail = null;
        return tail;
    }

    /** Any thread: pushes a finished chain onto the inbox and wakes the loop if it is not yet due. */
    void push(final UdpScan head, final UdpScan tail) {
        UdpScan old;
        do {
            old = inbox.get();
            tail.next = old;
        } while (!inbox.compareAndSet(old, head));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    /** Event loop: hands every delivered scan to its datagram, then flushes each touched channel once. */
    @Override
    public void run() {
        scheduled.set(false);
        UdpScan s = inbox.getAndSet(null);
        while (s != null) {
            final UdpScan next = s.next;
            s.next = null;
            final UdpScanHandler h = s.request.handler;
            if (h.scanDone(s) && !h.flushQueued) {
                h.flushQueued = true;
                toFlush.add(h);
            }
            s = next;
        }
        for (int i = 0, n = toFlush.size(); i < n; i++) {
            final UdpScanHandler h = toFlush.get(i);
            h.flushQueued = false;
            h.flushNow();
        }
        toFlush.clear();
    }
}
