package io.scangate.verifier.journal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The thread that makes the journal durable off the verifier's path: a {@link JournalSyncAgent}
 * on an {@link AgentThread}. In {@code SYNC} mode it forces as soon as there is something new
 * (group commit) and reports the durable position so held answers can go; the verifier's
 * {@link #wakeUp()} ends its 1 ms idle park at once, so a batch waits for the fsync, not for the
 * park. In {@code ASYNC} mode it forces every interval.
 *
 * <p>Concurrency: its own thread; {@link #wakeUp()} from the verifier thread; {@link #failing()}
 * from any thread; {@link #start()} and {@link #close()} from the lifecycle thread.
 */
public final class JournalSyncer implements AutoCloseable {
    /** The idle park in SYNC mode when no wake-up comes: answers that wait on an already durable position. */
    private static final long SYNC_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final JournalSyncAgent agent;
    private final AgentThread thread;

    /** Observes each fsync: its duration and how much it covered (metrics). */
    @FunctionalInterface
    public interface SyncObserver {
        void onSync(long nanos, long bytes);
    }

    public JournalSyncer(final FileJournal journal, final DurabilityMode mode, final long asyncIntervalMillis,
                         final LongConsumer onDurable, final SyncObserver observer) {
        final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(asyncIntervalMillis);
        this.agent = new JournalSyncAgent(journal, mode, intervalNanos, onDurable, observer, SystemNanoClock.INSTANCE);
        this.thread = new AgentThread(agent, new SleepingIdleStrategy(mode == DurabilityMode.SYNC ? SYNC_IDLE_NANOS : intervalNanos));
    }

    public void start() {
        thread.start();
    }

    /** Verifier thread: there is something to force (SYNC mode). */
    public void wakeUp() {
        thread.wakeUp();
    }

    /** Whether the last attempt to force the journal failed (cleared by the next success). */
    public boolean failing() {
        return agent.failing();
    }

    /** Stops the thread after a last force. */
    @Override
    public void close() {
        thread.close();
    }
}
