package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.Test;

/** The thread the journal's agents run on: woken at once, stopped at once, never interrupted. */
class AgentThreadTest {
    /** Far shorter than the idle period: only a wake-up makes the agent act in time. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** Counts its duty cycles and records where and how it was closed. */
    private static final class Probe implements Agent {
        final Semaphore cycles = new Semaphore(0);
        volatile boolean daemon;
        volatile String closedOn;
        volatile boolean interruptedAtClose;

        @Override
        public void onStart() {
            daemon = Thread.currentThread().isDaemon();
        }

        @Override
        public int doWork() {
            cycles.release();
            return 0;
        }

        @Override
        public void onClose() {
            closedOn = Thread.currentThread().getName();
            interruptedAtClose = Thread.currentThread().isInterrupted();
        }

        @Override
        public String roleName() {
            return "probe-agent";
        }
    }

    private static void awaitCycle(final Probe probe) throws InterruptedException {
        assertTrue(probe.cycles.tryAcquire(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS), "a duty cycle ran");
    }

    @Test
    void shouldCutAnIdlePeriodShortOnWakeUp() throws Exception {
        final Probe probe = new Probe();
        final AgentThread thread = new AgentThread(probe, new SleepingIdleStrategy(IDLE_NANOS));
        thread.start();
        try {
            awaitCycle(probe); // then it idles for 5 minutes
            assertTrue(probe.daemon, "a daemon thread: it never holds the JVM up");
            thread.wakeUp();
            awaitCycle(probe);
        } finally {
            assertTimeoutPreemptively(PROMPTLY, thread::close);
        }
    }

    @Test
    void shouldStopAnIdleAgentAtOnceAndCloseItOnItsOwnThreadUninterrupted() throws Exception {
        final Probe probe = new Probe();
        final AgentThread thread = new AgentThread(probe, new SleepingIdleStrategy(IDLE_NANOS));
        thread.start();
        awaitCycle(probe);

        assertTimeoutPreemptively(PROMPTLY, thread::close);

        assertEquals("probe-agent", probe.closedOn, "onClose on the agent's thread, named after its role");
        assertFalse(probe.interruptedAtClose, "an interrupt would close a FileChannel the agent forces in onClose");
    }

    @Test
    void shouldCloseAnAgentThatNeverStartedOnTheClosingThread() {
        final Probe probe = new Probe();
        final AgentThread thread = new AgentThread(probe, new SleepingIdleStrategy(IDLE_NANOS));
        thread.wakeUp(); // before start: nothing to wake, no failure

        thread.close();

        assertEquals(Thread.currentThread().getName(), probe.closedOn);
        assertEquals(0, probe.cycles.availablePermits());
    }
}
