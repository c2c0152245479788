package io.scangate.verifier.journal;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Agent} on its own daemon thread, named after its role: an {@link AgentRunner} whose
 * parking idle strategy {@link #wakeUp()} cuts short, so work handed over from another thread
 * starts at once instead of after the idle period.
 *
 * <p>{@link #close()} never interrupts the thread (as {@link AgentRunner#close()} does after a
 * timeout): an interrupt closes a {@code FileChannel} the agent may be forcing. It asks the agent
 * to stop, wakes it, and waits; the agent's next duty cycle ends the loop with an
 * {@link AgentTerminationException} and {@link Agent#onClose()} runs on its thread (on the
 * closing thread if it never started).
 *
 * <p>Concurrency: {@link #start()} and {@link #close()} from the owner's lifecycle thread;
 * {@link #wakeUp()} from any thread.
 */
final class AgentThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentThread.class);

    private final AgentRunner runner;
    private volatile boolean stopping;

    AgentThread(final Agent agent, final IdleStrategy idleStrategy) {
        this.runner = new AgentRunner(idleStrategy, this::onError, null, new Stoppable(agent));
    }

    void start() {
        AgentRunner.startOnThread(runner, r -> {
            final Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
    }

    /** Ends the agent's current idle period, if it is in one; a no-op before start and after close. */
    void wakeUp() {
        LockSupport.unpark(runner.thread());
    }

    /** Stops the agent after its current duty cycle and waits for its {@code onClose}. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(runner.thread());
        // 0: wait as long as the agent's last cycle takes (an fsync on a slow disk), never interrupt it
        runner.close(0, t -> LOG.warn("event=agent_close_interrupted role={} action=interrupting_agent", runner.agent().roleName()));
    }

    private void onError(final Throwable t) {
        if (stopping && t instanceof AgentTerminationException) {
            return;
        }
        LOG.error("event=agent_failure role={} error=\"{}\"", runner.agent().roleName(), t.toString(), t);
    }

    /** The agent, with a duty cycle that ends the runner's loop once {@link #close()} was called. */
    private final class Stoppable implements Agent {
        private final Agent agent;

        Stoppable(final Agent agent) {
            this.agent = agent;
        }

        @Override
        public void onStart() {
            agent.onStart();
        }

        @Override
        public int doWork() throws Exception {
            if (stopping) {
                throw new AgentTerminationException("stopping");
            }
            return agent.doWork();
        }

        @Override
        public void onClose() {
            agent.onClose();
        }

        @Override
        public String roleName() {
            return agent.roleName();
        }
    }
}
