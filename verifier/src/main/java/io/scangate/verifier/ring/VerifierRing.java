package io.scangate.verifier.ring;

import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.AdminCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * The multi-producer Disruptor ring in front of the verifier. Publishing never blocks: a full ring
 * makes {@code tryPublish...} return false and the transport answers 503.
 *
 * <p>Concurrency: publish methods are called from any number of transport threads; start and
 * shutdown from the process's lifecycle thread.
 */
public final class VerifierRing {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierRing.class);
    private static final EventTranslatorOneArg<ScanEvent, AdminCommand> ADMIN = (event, sequence, command) -> {
        event.type = ScanEvent.TYPE_ADMIN;
        event.admin = command;
        event.replyTo = null;
    };

    private final Disruptor<ScanEvent> disruptor;
    private final RingBuffer<ScanEvent> ring;
    private final RingHandler handler;
    private final int shedAbove;
    private final long shedLagNanos;
    /** Waiting scans from which the lag bound applies: a sixteenth of the count bound. */
    private final int lagWaitingFloor;

    /** How the verifier thread waits for scans when the ring is empty. */
    public enum Wait {
        /** Parks on a lock; every publish takes the lock to signal (the Disruptor's default). */
        BLOCKING,
        /** Parks on a lock; a publish signals only when the verifier is parked. */
        LITE,
        /** Spins ~10 µs, yields ~100 µs, then parks as LITE: least latency, burns CPU while idle-ish. */
        PHASED
    }

    /** A ring of {@code ctx}'s size in front of its verifier, answering through its router; concludes {@code ctx}. */
    public VerifierRing(final Context ctx) {
        ctx.conclude();
        final ThreadFactory threads = r -> {
            final Thread t = new Thread(r, "scangate-verifier");
            t.setDaemon(true);
            return t;
        };
        // a forwarder (cluster mode) also polls its answers: it wakes every millisecond when the ring is empty
        final ScanEvent[] events = ctx.events();
        final int[] handedOut = {0};
        this.disruptor = new Disruptor<>(events == null ? ScanEvent::new : () -> events[handedOut[0]++], ctx.size(), threads, ProducerType.MULTI, ctx.handler() != null
                ? new com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS) : strategy(ctx.waitStrategy()));
        this.handler = ctx.handler() != null ? ctx.handler() : new VerifierHandler(ctx.verifier(), ctx.router());
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        this.ring = disruptor.getRingBuffer();
        this.shedAbove = Math.min(ctx.shedAbove(), ctx.size());
        this.shedLagNanos = TimeUnit.MILLISECONDS.toNanos(ctx.shedLagMillis());
        this.lagWaitingFloor = Math.max(1, shedAbove / 16);
    }

    private static com.lmax.disruptor.WaitStrategy strategy(final Wait wait) {
        return switch (wait) {
            case BLOCKING -> new BlockingWaitStrategy();
            case LITE -> new com.lmax.disruptor.LiteBlockingWaitStrategy();
            case PHASED -> com.lmax.disruptor.PhasedBackoffWaitStrategy.withLiteLock(10, 110, TimeUnit.MICROSECONDS);
        };
    }

    /** {@code size} blank events for a ring's {@link Context#events(ScanEvent[])}. */
    public static ScanEvent[] allocateEvents(final int size) {
        final ScanEvent[] events = new ScanEvent[size];
        for (int i = 0; i < size; i++) {
            events[i] = new ScanEvent();
        }
        return events;
    }

    /** Starts the verifier thread and waits until it runs, so nothing published can be stranded. */
    public void start() {
        disruptor.start();
        try {
            if (!handler.awaitStart(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("verifier thread did not start within 30 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the verifier", e);
        }
    }

    /** Publishes a scan filled by {@code translator}; false when the ring is full. */
    public <A> boolean tryPublish(final EventTranslatorOneArg<ScanEvent, A> translator, final A arg) {
        // past a bound a scan would wait behind all the others: shed it now, keep the admitted ones fast
        final long waiting = waiting();
        return waiting < shedAbove && !(waiting >= lagWaitingFloor && lagging()) && ring.tryPublishEvent(translator, arg);
    }

    /**
     * Whether the oldest scan in the verifier's hands has waited longer than the lag bound (never,
     * if it is 0). Only counts with at least {@link #lagWaitingFloor} scans waiting: a pause with
     * a short queue (a cold start, a GC) is over before those few would gain from a 503.
     */
    private boolean lagging() {
        return shedLagNanos > 0 && handler.lagNanos(System.nanoTime()) > shedLagNanos;
    }

    /** How long the oldest scan in the verifier's hands has waited, in ns (0 when it is between batches); any thread. */
    public long lagNanos() {
        return handler.lagNanos(System.nanoTime());
    }

    /** The verifier lag in ms past which scans are shed; 0: never for lag. */
    public long shedLagMillis() {
        return TimeUnit.NANOSECONDS.toMillis(shedLagNanos);
    }

    /** Scans waiting beyond which {@link #tryPublish} sheds (admin commands are never shed but by a full ring). */
    public int shedAbove() {
        return shedAbove;
    }

    /** Publishes an admin command; false when the ring is full. */
    public boolean tryPublishAdmin(final AdminCommand command) {
        return ring.tryPublishEvent(ADMIN, command);
    }

    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Events published and not yet handled by the verifier (any thread; a few volatile reads). */
    public long waiting() {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    public int bufferSize() {
        return ring.getBufferSize();
    }

    /** The journal position whose records are all applied to the state (any thread): a snapshot's starting point. */
    public long appliedPosition() {
        return handler.appliedPosition();
    }

    public long failures() {
        return handler.failures();
    }

    /** Processes every event already published, then stops the verifier thread. */
    public void drainAndStop(final long timeout, final TimeUnit unit) {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (handler.processed() < ring.getCursor()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("event=ring_drain_timeout unprocessed={}", ring.getCursor() - handler.processed());
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        disruptor.halt();
    }

    private static final class LoggingExceptionHandler implements ExceptionHandler<ScanEvent> {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final ScanEvent event) {
            LOG.error("event=ring_exception sequence={} error=\"{}\"", sequence, ex.toString(), ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex) {
            LOG.error("event=ring_start_exception error=\"{}\"", ex.toString(), ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex) {
            LOG.error("event=ring_shutdown_exception error=\"{}\"", ex.toString(), ex);
        }
    }

    /**
     * What a {@link VerifierRing} is made of, set fluently and checked once by {@link #conclude()}
     * (as Aeron's {@code MediaDriver.Context}): its size and wait strategy with their defaults and
     * range here, and the verifier and reply router it connects, which are required.
     *
     * <p>Concurrency: filled and concluded by one thread, before the ring starts.
     */
    public static final class Context {
        /** Slots in the ring by default. */
        public static final int SIZE_DEFAULT = 65_536;
        /** Fewest slots. */
        public static final int SIZE_MIN = 64;
        /** Most slots: each is an event of some 700 bytes, preallocated. */
        public static final int SIZE_MAX = 1 << 22;
        public static final Wait WAIT_DEFAULT = Wait.BLOCKING;

        /** Scans that may wait in the ring before more are shed, by default: some 40 ms of verifier work on this hardware. */
        public static final int SHED_ABOVE_DEFAULT = 4096;
        /**
         * Milliseconds the oldest scan in the verifier's hands may have waited before more are shed,
         * by default: bounds the queueing an admitted scan sees whatever the verifier's speed at the
         * moment (a slow disk, a pause) where {@link #SHED_ABOVE_DEFAULT} bounds it only in count.
         */
        public static final int SHED_LAG_MILLIS_DEFAULT = 50;
        /** Largest lag bound. */
        public static final int SHED_LAG_MILLIS_MAX = 60_000;

        private int size = SIZE_DEFAULT;
        private int shedAbove = SHED_ABOVE_DEFAULT;
        private int shedLagMillis = SHED_LAG_MILLIS_DEFAULT;
        private Wait waitStrategy = WAIT_DEFAULT;
        private Verifier verifier;
        private ScanEvent[] events;
        private RingHandler handler;
        private ReplyRouter router;
        private boolean concluded;

        /** Whether {@code size} is a ring size this context accepts: a power of two in [{@link #SIZE_MIN}, {@link #SIZE_MAX}]. */
        public static boolean validSize(final int size) {
            return size >= SIZE_MIN && size <= SIZE_MAX && Integer.bitCount(size) == 1;
        }

        /**
         * Checks the size and that every required part is set. A context serves one ring:
         * concluding it twice fails.
         *
         * @throws IllegalStateException naming what is wrong or missing, or if already concluded
         */
        public Context conclude() {
            if (concluded) {
                throw new IllegalStateException("VerifierRing.Context is already concluded: each ring needs its own");
            }
            if (!validSize(size)) {
                throw new IllegalStateException("ring size must be a power of two between " + SIZE_MIN + " and " + SIZE_MAX
                        + ", was " + size);
            }
            if (shedAbove < 1) {
                throw new IllegalStateException("ring shed bound must be at least 1, was " + shedAbove);
            }
            if (shedLagMillis < 0 || shedLagMillis > SHED_LAG_MILLIS_MAX) {
                throw new IllegalStateException("ring shed lag must be between 0 (off) and " + SHED_LAG_MILLIS_MAX + " ms, was " + shedLagMillis);
            }
            if (events != null && events.length != size) {
                throw new IllegalStateException("ring of " + size + " slots given " + events.length + " events");
            }
            final List<String> missing = new ArrayList<>();
            if (verifier == null && handler == null) {
                missing.add("verifier");
            }
            if (router == null) {
                missing.add("router");
            }
            if (waitStrategy == null) {
                missing.add("waitStrategy");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("VerifierRing.Context needs " + String.join(", ", missing));
            }
            concluded = true;
            return this;
        }

        /**
         * The ring's events, made beforehand (by {@link VerifierRing#allocateEvents(int)}, on another
         * thread while the state recovers: 65,536 events are some 70 MB and 0.3 s to make); null
         * (the default) makes them in the constructor. Their number must be the ring's size.
         */
        public Context events(final ScanEvent[] events) {
            this.events = events;
            return this;
        }

        public ScanEvent[] events() {
            return events;
        }

        /** Slots in the ring (a power of two, {@link #SIZE_MIN}..{@link #SIZE_MAX}); default {@link #SIZE_DEFAULT}. */
        public Context size(final int size) {
            this.size = size;
            return this;
        }

        public int size() {
            return size;
        }

        /**
         * Scans that may wait in the ring before further ones are shed (answered 503 at once by the
         * transport); at most the ring's size; default {@link #SHED_ABOVE_DEFAULT}.
         */
        public Context shedAbove(final int waiting) {
            this.shedAbove = waiting;
            return this;
        }

        public int shedAbove() {
            return shedAbove;
        }

        /**
         * Milliseconds the oldest scan in the verifier's hands may have waited before further scans
         * are shed; 0 turns the lag bound off; default {@link #SHED_LAG_MILLIS_DEFAULT}.
         */
        public Context shedLagMillis(final int millis) {
            this.shedLagMillis = millis;
            return this;
        }

        public int shedLagMillis() {
            return shedLagMillis;
        }

        /** How the verifier thread waits on an empty ring; default {@link #WAIT_DEFAULT}. */
        public Context waitStrategy(final Wait waitStrategy) {
            this.waitStrategy = waitStrategy;
            return this;
        }

        public Wait waitStrategy() {
            return waitStrategy;
        }

        /** The verifier the ring's thread runs every event through; required. */
        public Context verifier(final Verifier verifier) {
            this.verifier = verifier;
            return this;
        }

        public Verifier verifier() {
            return verifier;
        }

        /** The ring's consumer instead of a verifier (cluster mode: a forwarder to the cluster); its answers go to its own router. */
        public Context handler(final RingHandler handler) {
            this.handler = handler;
            return this;
        }

        public RingHandler handler() {
            return handler;
        }

        /** Where the answers go; required. */
        public Context router(final ReplyRouter router) {
            this.router = router;
            return this;
        }

        public ReplyRouter router() {
            return router;
        }
    }
}
