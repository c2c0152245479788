package io.scangate.verifier.journal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty cycle of the {@link JournalSyncer}: forces the journal when records were appended
 * since the last force, reports the durable position to {@code onDurable}, and each force's
 * duration and size to the {@link JournalSyncer.SyncObserver}. In {@code SYNC} mode it forces as
 * soon as there is something new (group commit: one fdatasync covers every record appended
 * meanwhile); in {@code ASYNC} mode at most once per interval. After a failed force it reports
 * {@link #failing()} and retries after {@link #RETRY_NANOS}.
 *
 * <p>Concurrency: {@link #onStart}, {@link #doWork} and {@link #onClose} on the syncer thread;
 * {@link #failing()} from any thread (readiness checks, metrics).
 */
final class JournalSyncAgent implements Agent {
    /** How long a failed force waits before the next attempt: a full or broken disk is not hammered. */
    static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncAgent.class);

    private final Syncable journal;
    private final DurabilityMode mode;
    private final long intervalNanos;
    private final LongConsumer onDurable;
    private final JournalSyncer.SyncObserver observer;
    private final NanoClock clock;

    // syncer thread
    private long forced;
    /** No force before this time: the ASYNC interval, or the pause after a failure. */
    private long notBefore;
    /** The last force failed (disk full, I/O error): readiness reports the journal unwritable. */
    private volatile boolean failing;

    JournalSyncAgent(final Syncable journal, final DurabilityMode mode, final long intervalNanos, final LongConsumer onDurable,
                     final JournalSyncer.SyncObserver observer, final NanoClock clock) {
        this.journal = journal;
        this.mode = mode;
        this.intervalNanos = intervalNanos;
        this.onDurable = onDurable;
        this.observer = observer;
        this.clock = clock;
    }

    @Override
    public void onStart() {
        forced = journal.durablePosition();
        notBefore = clock.nanoTime();
    }

    /** Forces if there is something new and it is time; returns 1 for a force done, else 0. */
    @Override
    public int doWork() {
        final long now = clock.nanoTime();
        if (now - notBefore < 0) {
            return 0;
        }
        if (journal.publishedPosition() <= forced) {
            // answers may wait on a position already durable (a batch that changed nothing)
            onDurable.accept(forced);
            return 0;
        }
        return force(now);
    }

    private int force(final long start) {
        try {
            final long durable = journal.force();
            final long end = clock.nanoTime();
            failing = false;
            observer.onSync(end - start, bytesBetween(forced, durable));
            forced = durable;
            onDurable.accept(durable);
            if (mode == DurabilityMode.ASYNC) {
                notBefore = end + intervalNanos;
            }
            return 1;
        } catch (final RuntimeException e) {
            failing = true;
            notBefore = clock.nanoTime() + RETRY_NANOS;
            LOG.error("event=journal_sync_failure error=\"{}\"", e.toString(), e);
            return 0;
        }
    }

    private static long bytesBetween(final long from, final long to) {
        return JournalPosition.segment(from) == JournalPosition.segment(to)
                ? JournalPosition.offset(to) - JournalPosition.offset(from) : JournalPosition.offset(to);
    }

    /** A last force, so everything appended before the stop is durable and its answers can go. */
    @Override
    public void onClose() {
        try {
            onDurable.accept(journal.force());
        } catch (final RuntimeException e) {
            failing = true;
            LOG.error("event=journal_sync_failure at=close error=\"{}\"", e.toString(), e);
        }
    }

    /** Whether the last attempt to force the journal failed (cleared by the next success). */
    boolean failing() {
        return failing;
    }

    @Override
    public String roleName() {
        return "scangate-journal-sync";
    }
}
