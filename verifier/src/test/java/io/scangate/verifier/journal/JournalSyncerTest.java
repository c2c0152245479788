package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.ledger.CodeState;

/** The journal syncer driven one duty cycle at a time over a journal whose force can fail, with a clock the test moves. */
class JournalSyncerTest {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FORCE_NANOS = TimeUnit.MICROSECONDS.toNanos(700);

    @TempDir
    Path dir;

    private long now = 1_000_000_000L;
    private final FakeJournal journal = new FakeJournal();
    private final List<Long> durableReports = new ArrayList<>();
    private final List<long[]> syncs = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private JournalSyncAgent agent;
    private AgentInvoker invoker;

    /** Appends move {@code published}; a force moves {@code durable} up to it and takes FORCE_NANOS, or throws {@code failure}. */
    private final class FakeJournal implements Syncable {
        long published = JournalPosition.of(0, 0);
        long durable = JournalPosition.of(0, 0);
        int forces;
        RuntimeException failure;

        void append(final int bytes) {
            published = JournalPosition.of(JournalPosition.segment(published), JournalPosition.offset(published) + bytes);
        }

        @Override
        public long publishedPosition() {
            return published;
        }

        @Override
        public long durablePosition() {
            return durable;
        }

        @Override
        public long force() {
            forces++;
            now += FORCE_NANOS;
            if (failure != null) {
                throw failure;
            }
            durable = Math.max(durable, published);
            return durable;
        }
    }

    private void start(final DurabilityMode mode) {
        agent = new JournalSyncAgent(journal, mode, INTERVAL_NANOS, durableReports::add, (nanos, bytes) -> syncs.add(new long[] {nanos, bytes}),
                () -> now);
        invoker = new AgentInvoker(errors::add, null, agent);
        invoker.start();
    }

    @AfterEach
    void noErrorReachedTheRunner() {
        if (invoker != null) {
            invoker.close();
        }
        assertEquals(List.of(), errors, "the agent handles its own failures");
    }

    private long lastReport() {
        return durableReports.get(durableReports.size() - 1);
    }

    @Test
    void shouldNotForceWhenNothingWasPublished() {
        journal.durable = journal.published = JournalPosition.of(2, 640);
        start(DurabilityMode.SYNC);

        assertEquals(0, invoker.invoke());

        assertEquals(0, journal.forces);
        assertEquals(List.of(JournalPosition.of(2, 640)), durableReports, "answers waiting on what is durable already may go");
        assertEquals(List.of(), syncs);
    }

    @Test
    void shouldForceOnceAndReportTheDurablePositionWhenPublishedBeyondDurable() {
        start(DurabilityMode.SYNC);
        journal.append(128);

        assertEquals(1, invoker.invoke());

        assertEquals(1, journal.forces);
        assertEquals(List.of(JournalPosition.of(0, 128)), durableReports);
        assertEquals(1, syncs.size());
        assertEquals(FORCE_NANOS, syncs.get(0)[0], "the fsync's duration");
        assertEquals(128, syncs.get(0)[1], "the bytes it covered");
        assertEquals(0, invoker.invoke(), "nothing new: no second force");
        assertEquals(1, journal.forces);
    }

    @Test
    void shouldCoverEverythingAppendedMeanwhileWithOneForce() {
        start(DurabilityMode.SYNC);
        journal.append(128);
        journal.append(128);
        journal.append(64);

        invoker.invoke();

        assertEquals(1, journal.forces, "group commit");
        assertEquals(320, syncs.get(0)[1]);
        assertEquals(JournalPosition.of(0, 320), lastReport());
    }

    @Test
    void shouldForceNewRecordsAtOnceInSyncModeWithoutWaitingForTheClock() {
        start(DurabilityMode.SYNC);
        journal.append(128);
        invoker.invoke();
        journal.append(128);

        assertEquals(1, invoker.invoke());

        assertEquals(2, journal.forces);
        assertEquals(JournalPosition.of(0, 256), lastReport());
    }

    @Test
    void shouldForceAtMostOncePerIntervalInAsyncMode() {
        start(DurabilityMode.ASYNC);
        journal.append(128);
        assertEquals(1, invoker.invoke(), "the first force at once");
        journal.append(128);

        now += INTERVAL_NANOS - 1;
        assertEquals(0, invoker.invoke(), "1 ns before the interval after the last force is over");
        assertEquals(1, journal.forces);

        now += 1;
        assertEquals(1, invoker.invoke());
        assertEquals(2, journal.forces);
        assertEquals(JournalPosition.of(0, 256), lastReport());
    }

    @Test
    void shouldReportFailingAfterAFailedForceAndRecoverOnTheNextSuccess() {
        start(DurabilityMode.SYNC);
        journal.append(128);
        journal.failure = new UncheckedIOException(new java.io.IOException("No space left on device"));

        assertEquals(0, invoker.invoke());

        assertTrue(agent.failing());
        assertTrue(invoker.isRunning(), "a failed force does not stop the syncer");
        assertEquals(List.of(), durableReports, "nothing reported durable");
        journal.failure = null;
        assertEquals(0, invoker.invoke(), "no retry before the pause is over");
        assertEquals(1, journal.forces);

        now += JournalSyncAgent.RETRY_NANOS;
        assertEquals(1, invoker.invoke());

        assertFalse(agent.failing(), "cleared by the next success");
        assertEquals(List.of(JournalPosition.of(0, 128)), durableReports);
    }

    @Test
    void shouldForceWhatRemainsWhenClosed() {
        start(DurabilityMode.ASYNC);
        journal.append(128);
        invoker.invoke();
        journal.append(64);

        invoker.close();

        assertEquals(2, journal.forces, "the interval does not hold back the last force");
        assertEquals(JournalPosition.of(0, 192), lastReport());
    }

    @Test
    void shouldCountTheBytesOfANewSegmentFromItsStart() {
        journal.durable = journal.published = JournalPosition.of(0, 4000);
        start(DurabilityMode.SYNC);
        journal.published = JournalPosition.of(1, 256);

        invoker.invoke();

        assertEquals(256, syncs.get(0)[1]);
    }

    @Test
    void shouldMakeAppendedRecordsDurableOnItsOwnThreadWhenWokenUp() throws Exception {
        final AtomicLong durable = new AtomicLong();
        try (FileJournal fileJournal = FileJournal.open(dir, 1 << 16)) {
            final JournalSyncer syncer = new JournalSyncer(fileJournal, DurabilityMode.SYNC, 10, durable::set, (nanos, bytes) -> { });
            syncer.start();
            try {
                fileJournal.appendCodeState(7, new CodeState(), 1, 2, JournalRecord.CAUSE_SCAN, 0);
                final long end = fileJournal.endPosition();
                syncer.wakeUp();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (durable.get() < end && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(end, durable.get());
                assertEquals(end, fileJournal.durablePosition());
                assertFalse(syncer.failing());
            } finally {
                syncer.close();
            }
        }
    }
}
