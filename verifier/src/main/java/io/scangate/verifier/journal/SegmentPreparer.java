package io.scangate.verifier.journal;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent that keeps a rollover off the verifier's path: it creates, zero-fills, forces and maps
 * the journal's next segment while the current one fills ({@link #prepare}), hands it over at
 * rollover ({@link #take}), and forces and closes the full segment the verifier left
 * ({@link #retire}). Before this, a 64 MiB rollover cost the verifier thread ~0.3 s (the old
 * segment's fsync plus creating the new one), during which the ring filled and no answer left.
 * {@link FileJournal} runs it on an {@link AgentThread}, which {@code wakeUp} wakes.
 *
 * <p>Concurrency: {@link #prepare}, {@link #take} and {@link #retire} from the verifier thread;
 * {@link #doWork} and {@link #onClose} on the agent's thread; the hand-over state is guarded by
 * {@code lock}, on which {@link #take} waits.
 */
final class SegmentPreparer implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentPreparer.class);
    private static final long TAKE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final IntFunction<Segment> factory;
    private final Consumer<Segment> discard;
    private final Runnable retireWork;
    private final Runnable wakeUp;
    private final Object lock = new Object();

    // guarded by lock
    private int wanted = -1;
    private int preparing = -1;
    private Segment ready;
    private boolean retirePending;
    private boolean closed;

    /**
     * {@code factory} creates segment N under its prepared name; {@code discard} closes and deletes
     * a prepared segment nobody took; {@code retireWork} forces and closes retired segments;
     * {@code wakeUp} tells the thread running this agent that there is work.
     */
    SegmentPreparer(final IntFunction<Segment> factory, final Consumer<Segment> discard, final Runnable retireWork,
                    final Runnable wakeUp) {
        this.factory = factory;
        this.discard = discard;
        this.retireWork = retireWork;
        this.wakeUp = wakeUp;
    }

    /** Verifier thread: segment {@code number} will be needed; prepare it unless it is already. */
    void prepare(final int number) {
        synchronized (lock) {
            if (closed || preparing == number || (ready != null && ready.number == number)) {
                return;
            }
            wanted = number;
        }
        wakeUp.run();
    }

    /**
     * Verifier thread: the prepared segment {@code number}, waiting for it if it is being prepared;
     * null if it is not there and not coming (the preparer failed: the caller creates it itself).
     */
    Segment take(final int number) {
        synchronized (lock) {
            final long deadline = System.nanoTime() + TAKE_WAIT_NANOS;
            long left = TAKE_WAIT_NANOS;
            while (!closed && (ready == null || ready.number != number) && (wanted == number || preparing == number) && left > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                left = deadline - System.nanoTime();
            }
            if (ready != null && ready.number == number) {
                final Segment s = ready;
                ready = null;
                return s;
            }
            return null;
        }
    }

    /** Verifier thread: a full segment was left; force and close it off this thread. */
    void retire() {
        synchronized (lock) {
            retirePending = true;
        }
        wakeUp.run();
    }

    /** Agent thread: runs the retire work and prepares the wanted segment, if asked; returns how many of the two it did. */
    @Override
    public int doWork() {
        final int number;
        final boolean doRetire;
        synchronized (lock) {
            if (closed) {
                return 0;
            }
            doRetire = retirePending;
            retirePending = false;
            number = wanted;
            wanted = -1;
            if (number >= 0) {
                preparing = number;
            }
        }
        int work = 0;
        if (doRetire) {
            retireQuietly();
            work++;
        }
        if (number >= 0) {
            handOver(prepareQuietly(number));
            work++;
        }
        return work;
    }

    private void retireQuietly() {
        try {
            retireWork.run();
        } catch (final RuntimeException e) {
            // the syncer's or close()'s next force retries it and reports the failure
            LOG.error("event=journal_retire_failure error=\"{}\"", e.toString(), e);
        }
    }

    private Segment prepareQuietly(final int number) {
        try {
            return factory.apply(number);
        } catch (final RuntimeException e) {
            LOG.error("event=journal_prepare_failure segment={} error=\"{}\" action=create_at_rollover", number, e.toString(), e);
            return null;
        }
    }

    /** Makes {@code s} (null: the preparation failed) the ready segment and wakes a waiting {@link #take}. */
    private void handOver(final Segment s) {
        synchronized (lock) {
            preparing = -1;
            if (s != null) {
                if (ready != null) {
                    discard.accept(ready);
                }
                ready = s;
            }
            lock.notifyAll();
        }
    }

    /** Discards a prepared segment nobody took; later requests are ignored and {@link #take} returns null. */
    @Override
    public void onClose() {
        synchronized (lock) {
            closed = true;
            if (ready != null) {
                discard.accept(ready);
                ready = null;
            }
            lock.notifyAll();
        }
    }

    @Override
    public String roleName() {
        return "scangate-journal-prepare";
    }
}
