package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment preparer driven one duty cycle at a time, as its thread would run it. */
class SegmentPreparerTest {
    private static final int SIZE = 4096;
    /** Far below the 60 s a take may wait for a segment being prepared: a take that waits fails. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<Segment> created = new ArrayList<>();
    private final List<Segment> discarded = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private int retires;
    private int wakeUps;
    private boolean failPreparing;
    private SegmentPreparer preparer;
    private AgentInvoker invoker;

    @BeforeEach
    void startAgent() {
        preparer = new SegmentPreparer(this::create, discarded::add, () -> retires++, () -> wakeUps++);
        invoker = new AgentInvoker(errors::add, null, preparer);
        invoker.start();
    }

    @AfterEach
    void closeSegments() {
        invoker.close();
        created.forEach(Segment::close);
        assertEquals(List.of(), errors, "no duty cycle reached the runner's error handler");
    }

    private Segment create(final int number) {
        if (failPreparing) {
            throw new UncheckedIOException(new java.io.IOException("disk full"));
        }
        final Segment s = Segment.prepare(FileJournal.readyFile(dir, number), SIZE, number);
        created.add(s);
        return s;
    }

    @Test
    void shouldDoNoWorkWhenNothingWasAsked() {
        assertEquals(0, invoker.invoke());
        assertEquals(List.of(), created);
        assertEquals(0, retires);
    }

    @Test
    void shouldHandOverAPreparedSegmentWithoutWaitingAfterOneDutyCycle() {
        preparer.prepare(3);
        assertEquals(1, wakeUps, "a request wakes the preparer's thread");
        assertEquals(List.of(), created, "nothing is prepared on the caller's thread");

        assertEquals(1, invoker.invoke());

        assertEquals(1, created.size());
        assertTrue(Files.exists(FileJournal.readyFile(dir, 3)), "prepared under its .ready name");
        final Segment taken = assertTimeoutPreemptively(AT_ONCE, () -> preparer.take(3));
        assertSame(created.get(0), taken);
        assertEquals(3, taken.number);
        assertEquals(SIZE, taken.size);
        assertFalse(taken.linked, "its name is not durable until the journal syncs the directory");
        assertEquals(0, invoker.invoke(), "one request, one preparation");
    }

    @Test
    void shouldPrepareASegmentOnlyOnceWhenAskedAgain() {
        preparer.prepare(1);
        invoker.invoke();
        preparer.prepare(1);
        assertEquals(0, invoker.invoke(), "already ready");
        assertEquals(1, created.size());
    }

    @Test
    void shouldAnswerATakeOfASegmentNobodyAskedForWithNullAtOnce() {
        preparer.prepare(1);
        invoker.invoke();
        assertNull(assertTimeoutPreemptively(AT_ONCE, () -> preparer.take(2)), "the caller creates segment 2 itself");
    }

    @Test
    void shouldAnswerATakeWithNullAtOnceWhenThePreparationFailed() {
        failPreparing = true;
        preparer.prepare(1);
        assertEquals(1, invoker.invoke(), "the failed attempt is work done");
        assertNull(assertTimeoutPreemptively(AT_ONCE, () -> preparer.take(1)), "not coming: the caller creates it itself");
        assertEquals(List.of(), errors, "the failure is logged by the preparer, not thrown into the runner");
    }

    @Test
    void shouldRunTheRetireWorkOnceOnItsThreadForARetire() {
        preparer.retire();
        assertEquals(1, wakeUps);
        assertEquals(0, retires, "not on the caller's thread");

        assertEquals(1, invoker.invoke());
        assertEquals(1, retires);
        assertEquals(0, invoker.invoke());
        assertEquals(1, retires);
    }

    @Test
    void shouldRetireAndPrepareInOneDutyCycle() {
        preparer.prepare(2);
        preparer.retire();
        assertEquals(2, invoker.invoke());
        assertEquals(1, retires);
        assertNotNull(preparer.take(2));
    }

    @Test
    void shouldKeepPreparingAfterARetireWorkFailure() {
        final SegmentPreparer failing = new SegmentPreparer(this::create, discarded::add, () -> {
            throw new IllegalStateException("fsync failed");
        }, () -> { });
        final AgentInvoker failingInvoker = new AgentInvoker(errors::add, null, failing);
        failingInvoker.start();
        failing.retire();
        failing.prepare(1);
        assertEquals(2, failingInvoker.invoke());
        assertTrue(failingInvoker.isRunning());
        assertNotNull(assertTimeoutPreemptively(AT_ONCE, () -> failing.take(1)));
        failingInvoker.close();
    }

    @Test
    void shouldDiscardAnUntakenPreparedSegmentOnClose() {
        preparer.prepare(1);
        invoker.invoke();

        invoker.close();

        assertEquals(created, discarded, "the prepared segment nobody took");
        assertNull(assertTimeoutPreemptively(AT_ONCE, () -> preparer.take(1)), "closed: nothing to take");
        preparer.prepare(2);
        assertEquals(1, wakeUps, "a request after close is ignored");
    }

    @Test
    void shouldNotDiscardATakenSegmentOnClose() {
        preparer.prepare(1);
        invoker.invoke();
        assertNotNull(preparer.take(1));
        invoker.close();
        assertEquals(List.of(), discarded);
    }
}
