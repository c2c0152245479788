package io.scangate.server.reply;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * The part of a transport's reply router that does not depend on the transport: one
 * {@link LoopInbox} per event loop, each woken once per verifier batch. When answers must wait
 * for the journal ({@code holdUntilDurable}, durability=sync), each batch's chains are held,
 * tagged with the batch's journal position, and pushed by {@link #onDurable} once the syncer has
 * forced that far: nothing is acknowledged before it is on disk.
 *
 * <p>Concurrency: {@link #add} and {@link #endOfBatch} run on the verifier thread;
 * {@link #onDurable} on the journal syncer thread; {@link #forLoop} is read by event loops after
 * construction (the map is never changed).
 *
 * @param <T> the transport's answers
 */
public final class HeldReplies<T extends Returning> {
    private final Map<EventLoop, LoopInbox<T>> byLoop = new IdentityHashMap<>();
    private final LoopInbox<?>[] dirty;
    private final boolean holdUntilDurable;
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeSyncer = () -> { };
    private int dirtyCount;

    /** One verifier batch's answers waiting for the fsync that covers {@code position}. */
    private record Held(long position, LoopInbox<?>[] loops, Returning[] heads, Returning[] tails) {
    }

    /** An inbox per loop of {@code group}, each delivering into its own {@code delivery.get()}. */
    public HeldReplies(final EventLoopGroup group, final boolean holdUntilDurable, final Supplier<LoopInbox.Delivery<T>> delivery) {
        for (final EventExecutor executor : group) {
            final EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new LoopInbox<>(loop, delivery.get()));
        }
        this.dirty = new LoopInbox<?>[byLoop.size()];
        this.holdUntilDurable = holdUntilDurable;
    }

    /** Set once at start: how to tell the syncer a batch waits for it. */
    public void wakeSyncerWith(final Runnable wake) {
        this.wakeSyncer = wake;
    }

    /** The inbox of {@code loop}; channels on other loops cannot get answers. */
    public LoopInbox<T> forLoop(final EventLoop loop, final String what) {
        final LoopInbox<T> inbox = byLoop.get(loop);
        if (inbox == null) {
            throw new IllegalStateException(what + " on an event loop outside the scan group");
        }
        return inbox;
    }

    /** Verifier thread: {@code answer} is finished; it goes back to {@code inbox}'s loop with this batch. */
    public void add(final LoopInbox<T> inbox, final T answer) {
        inbox.add(answer);
        if (!inbox.dirty) {
            inbox.dirty = true;
            dirty[dirtyCount++] = inbox;
        }
    }

    /** Verifier thread: the batch whose changes end at {@code journalPosition} is done. */
    public void endOfBatch(final long journalPosition) {
        if (dirtyCount == 0) {
            return;
        }
        if (holdUntilDurable) {
            final LoopInbox<?>[] loops = new LoopInbox<?>[dirtyCount];
            final Returning[] heads = new Returning[dirtyCount];
            final Returning[] tails = new Returning[dirtyCount];
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
            final LoopInbox<?> inbox = dirty[i];
            inbox.dirty = false;
            final Returning head = inbox.detachHead();
            final Returning tail = inbox.detachTail();
            if (head != null) {
                inbox.push(head, tail);
            }
            dirty[i] = null;
        }
        dirtyCount = 0;
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
}
