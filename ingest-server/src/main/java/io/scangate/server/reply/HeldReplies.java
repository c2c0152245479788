package io.scangate.server.reply;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * The part of a transport's reply router that does not depend on the transport: one
 * {@link LoopInbox} per event loop, each woken once per verifier batch. When answers must wait
 * for the journal ({@code holdUntilDurable}, durability=sync), each batch's chains are held,
 * tagged with the batch's journal position, and pushed by {@link #onDurable} once the syncer has
 * forced that far: nothing is acknowledged before it is on disk. The held batches wait in a
 * preallocated single-producer single-consumer ring (verifier to syncer), so holding allocates
 * nothing; when {@link #HELD_BATCHES} batches wait (the syncer stalled that long) the verifier waits
 * for room, waking the syncer.
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
    /** Batches that may wait for the syncer at once (a power of two). */
    static final int HELD_BATCHES = 1 << 14;
    private static final int MASK = HELD_BATCHES - 1;
    /** Ring slot k: the batch's journal position, its loops and their chains (heads, tails), {@code heldCounts[k]} of them. */
    private final long[] heldPositions = new long[HELD_BATCHES];
    private final int[] heldCounts = new int[HELD_BATCHES];
    private final LoopInbox<?>[][] heldLoops;
    private final Returning[][] heldHeads;
    private final Returning[][] heldTails;
    /** Batches put into the ring (verifier) and taken out (syncer); the slots between are the syncer's to read. */
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private volatile Runnable wakeSyncer = () -> { };
    private int dirtyCount;

    /** An inbox per loop of {@code group}, each delivering into its own {@code delivery.get()}. */
    public HeldReplies(final EventLoopGroup group, final boolean holdUntilDurable, final Supplier<LoopInbox.Delivery<T>> delivery) {
        for (final EventExecutor executor : group) {
            final EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new LoopInbox<>(loop, delivery.get()));
        }
        this.dirty = new LoopInbox<?>[byLoop.size()];
        this.holdUntilDurable = holdUntilDurable;
        final int loops = holdUntilDurable ? byLoop.size() : 0;
        this.heldLoops = new LoopInbox<?>[holdUntilDurable ? HELD_BATCHES : 0][loops];
        this.heldHeads = new Returning[holdUntilDurable ? HELD_BATCHES : 0][loops];
        this.heldTails = new Returning[holdUntilDurable ? HELD_BATCHES : 0][loops];
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
            hold(journalPosition);
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

    /** Verifier thread: puts this batch's chains into the ring, tagged with its position, and wakes the syncer. */
    private void hold(final long journalPosition) {
        final long p = produced.get();
        while (p - consumed.get() == HELD_BATCHES) {
            wakeSyncer.run(); // full: the syncer is HELD_BATCHES fsyncs behind; wait for it
            Thread.onSpinWait();
        }
        final int k = (int) (p & MASK);
        final LoopInbox<?>[] loops = heldLoops[k];
        final Returning[] heads = heldHeads[k];
        final Returning[] tails = heldTails[k];
        for (int i = 0; i < dirtyCount; i++) {
            loops[i] = dirty[i];
            heads[i] = dirty[i].detachHead();
            tails[i] = dirty[i].detachTail();
            dirty[i].dirty = false;
            dirty[i] = null;
        }
        heldCounts[k] = dirtyCount;
        heldPositions[k] = journalPosition;
        dirtyCount = 0;
        produced.lazySet(p + 1); // publishes the slot's writes to the syncer
        wakeSyncer.run();
    }

    /** Syncer thread: everything up to {@code position} is on disk; release what waited for it. */
    public void onDurable(final long position) {
        long c = consumed.get();
        final long p = produced.get();
        while (c < p) {
            final int k = (int) (c & MASK);
            if (heldPositions[k] > position) {
                break;
            }
            final LoopInbox<?>[] loops = heldLoops[k];
            final Returning[] heads = heldHeads[k];
            final Returning[] tails = heldTails[k];
            for (int i = 0; i < heldCounts[k]; i++) {
                loops[i].push(heads[i], tails[i]);
                loops[i] = null;
                heads[i] = null;
                tails[i] = null;
            }
            c++;
            consumed.lazySet(c); // hands the slot back to the verifier
        }
    }

    /** Batches held for the syncer now (any thread; approximate). */
    int heldBatches() {
        return (int) (produced.get() - consumed.get());
    }
}
