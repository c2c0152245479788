package io.scangate.verifier.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that makes the journal durable off the verifier's path. In {@code SYNC} mode it
 * forces as soon as there is something new (group commit: one fdatasync covers every record
 * appended meanwhile) and reports the durable position so held answers can go; in {@code ASYNC}
 * mode it forces every interval.
 *
 * <p>Concurrency: its own thread; {@link #wakeUp()} from the verifier thread.
 */
public final class JournalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);

    private final FileJournal journal;
    private final DurabilityMode mode;
    private final long intervalNanos;
    private final LongConsumer onDurable;
    private final SyncObserver observer;
    private final Thread thread;
    private volatile boolean running = true;
    /** The last force failed (disk full, I/O error): readiness reports the journal unwritable. */
    private volatile boolean failing;

    /** Observes each fsync: its duration and how much it covered (metrics). */
    @FunctionalInterface
    public interface SyncObserver {
        void onSync(long nanos, long bytes);
    }

    public JournalSyncer(final FileJournal journal, final DurabilityMode mode, final long asyncIntervalMillis,
                         final LongConsumer onDurable, final SyncObserver observer) {
        this.journal = journal;
        this.mode = mode;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(asyncIntervalMillis);
        this.onDurable = onDurable;
        this.observer = observer;
        this.thread = new Thread(this::run, "scangate-journal-sync");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Verifier thread: there is something to force (SYNC mode). */
    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    private void run() {
        long forced = journal.durablePosition();
        while (running) {
            try {
                final long published = journal.publishedPosition();
                if (published > forced) {
                    final long t0 = System.nanoTime();
                    final long durable = journal.force();
                    failing = false;
                    observer.onSync(System.nanoTime() - t0, bytesBetween(forced, durable));
                    forced = durable;
                    onDurable.accept(durable);
                    if (mode == DurabilityMode.ASYNC) {
                        LockSupport.parkNanos(intervalNanos);
                    }
                } else {
                    // answers may wait on a position already durable (a batch that changed nothing)
                    onDurable.accept(forced);
                    LockSupport.parkNanos(mode == DurabilityMode.SYNC ? 1_000_000 : intervalNanos);
                }
            } catch (final RuntimeException e) {
                failing = true;
                LOG.error("event=journal_sync_failure error=\"{}\"", e.toString(), e);
                LockSupport.parkNanos(10_000_000);
            }
        }
    }

    private static long bytesBetween(final long from, final long to) {
        return JournalPosition.segment(from) == JournalPosition.segment(to)
                ? JournalPosition.offset(to) - JournalPosition.offset(from) : JournalPosition.offset(to);
    }

    /** Whether the last attempt to force the journal failed (cleared by the next success). */
    public boolean failing() {
        return failing;
    }

    /** Stops the thread after a last force. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onDurable.accept(journal.force());
    }
}
