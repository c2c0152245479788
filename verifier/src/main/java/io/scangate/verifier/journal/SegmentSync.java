package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The forcing side of a {@link FileJournal}: the position published to the syncer (the end of the
 * records written to the file), the position durable, and the full segments the verifier has left,
 * which are forced and closed oldest first under one lock by whichever of the syncer, the segment
 * preparer or the journal's close comes first.
 *
 * <p>Concurrency: {@link #publish}, {@link #retire} from the verifier thread; {@link #force} and
 * {@link #forceRetired} from any thread (serialised by the lock); the positions anywhere.
 */
final class SegmentSync {
    /** The segments' directory: synced once per segment before a position in it is reported durable. */
    private final Path dir;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    /** Full segments the verifier has left: still to force and close, oldest first. */
    private final ConcurrentLinkedQueue<Segment> retired = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();

    SegmentSync(final Path dir) {
        this.dir = dir;
    }

    /** Verifier thread: records up to {@code position} are in the file. */
    void publish(final long position) {
        published.lazySet(position);
    }

    /** At open: everything up to {@code end} is in the file and on disk. */
    void publishAll(final long end) {
        published.set(end);
        durable.set(end);
    }

    /** Verifier thread, at rollover, before the journal moves on: {@code old} is full. */
    void retire(final Segment old) {
        retired.add(old);
    }

    long publishedPosition() {
        return published.get();
    }

    long durablePosition() {
        return durable.get();
    }

    /**
     * Forces every record published (fdatasync of the segment {@code current} gives, read after the
     * published position so a rollover in between cannot leave the target's segment unforced, and of
     * the retired ones); the position now durable.
     */
    long force(final Supplier<Segment> current) {
        synchronized (lock) {
            final long target = published.get();
            final Segment seg = current.get();
            // a target in a segment the verifier has left: forced with the retired ones below
            forceRetired();
            if (JournalPosition.segment(target) == seg.number) {
                try {
                    if (!seg.linked) {
                        Segment.syncDirectory(dir);
                        seg.linked = true;
                    }
                    seg.channel.force(false);
                } catch (final ClosedChannelException e) {
                    // closed by close() meanwhile, after its own force
                } catch (final IOException e) {
                    throw new UncheckedIOException("cannot sync journal segment " + seg.number, e);
                }
            }
            return advance(target);
        }
    }

    /** Forces and closes the segments the verifier has left, oldest first, moving the durable position to each one's end. */
    void forceRetired() {
        synchronized (lock) {
            Segment old;
            while ((old = retired.peek()) != null) {
                try {
                    old.channel.force(false);
                } catch (final IOException e) {
                    throw new UncheckedIOException("cannot sync journal segment " + old.number, e);
                }
                retired.poll();
                old.close();
                advance(JournalPosition.of(old.number, old.size));
            }
        }
    }

    /** Moves the durable position up to {@code to} unless it is already past; the position now durable. */
    private long advance(final long to) {
        long d;
        do {
            d = durable.get();
        } while (to > d && !durable.compareAndSet(d, to));
        return Math.max(d, to);
    }
}
