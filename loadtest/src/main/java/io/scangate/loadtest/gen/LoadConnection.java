package io.scangate.loadtest.gen;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One keep-alive connection of a run, with its own share of the schedule and at most
 * {@code --pipeline} requests in flight (one by default).
 *
 * <p>Open model: of the run's requests {@code j = 0, 1, ...}, each intended at
 * {@code t0 + j / rate}, this connection owns every {@code j} with {@code j mod connections ==
 * index}. A request is sent at its intended time if the connection is idle; if the answer to the
 * previous one has not arrived yet, the request waits (queued, not pipelined) and is sent the
 * moment the answer arrives. Either way its latency is measured from its intended send time, so
 * time spent waiting behind a slow answer counts (coordinated-omission correction), and a stalled
 * server shows up in every request it delayed, not just in the few that were in flight. Queueing
 * rather than pipelining keeps the load on the server honest for servers that do not pipeline and
 * matches wrk2; it needs enough connections that {@code connections / latency} stays above the
 * rate, which the report shows (the service time next to the latency). With {@code --pipeline N}
 * a due request is sent at once while fewer than N are in flight (answers come back in order), as
 * a client that does not wait piles load on a server; max mode then keeps N in flight.
 *
 * <p>Max mode: the next request goes out as soon as the previous answer arrives, until the end of
 * the send window.
 *
 * <p>Answers come from the {@link ResponseFramer} before it in the pipeline.
 *
 * <p>Concurrency: confined to its channel's event loop, except {@link LoadRun#stopping}, which it
 * only reads.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter implements ResponseFramer.Listener {
    private final LoadRun run;
    private final LoopStats stats;
    private final int index;
    private final boolean open;
    /** Open model: requests this connection owns in warm-up plus measurement, and in warm-up. */
    private final long localPlanned;
    private final long localWarmup;
    private final RequestMix.Choice choice = new RequestMix.Choice();
    private final Runnable timer = this::onTimer;

    private ChannelHandlerContext ctx;
    private LoadRun.Schedule schedule;
    /** Open model: the local number of the next request to send. */
    private long next;
    private boolean started;
    private boolean finished;
    private boolean timerArmed;
    /** The requests in flight, oldest at {@code head}: a ring of {@code pipeline} slots. */
    private final boolean[] flightMeasured;
    private final long[] flightIntended;
    private final long[] flightSent;
    private int head;
    private int inFlight;

    LoadConnection(final LoadRun run, final LoopStats stats, final int index) {
        this.run = run;
        this.stats = stats;
        this.index = index;
        final LoadConfig config = run.config();
        this.open = config.mode() == Mode.OPEN;
        this.localPlanned = owned(config.plannedRequests(), index, config.connections());
        this.localWarmup = owned(config.plannedWarmupRequests(), index, config.connections());
        this.flightMeasured = new boolean[config.pipeline()];
        this.flightIntended = new long[config.pipeline()];
        this.flightSent = new long[config.pipeline()];
    }

    /** How many of the requests {@code 0 .. total-1} have {@code j mod connections == index}. */
    static long owned(final long total, final int index, final int connections) {
        return total > index ? (total - index + connections - 1) / connections : 0;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Starts sending on {@code schedule}; called on this connection's event loop. */
    void start(final LoadRun.Schedule s) {
        this.schedule = s;
        this.started = true;
        if (!ctx.channel().isActive()) {
            finish();
            return;
        }
        pump();
    }

    /** Sends the requests that are due while fewer than {@code pipeline} are in flight, or arms the timer for the next. */
    private void pump() {
        while (inFlight < flightSent.length && !finished && started) {
            if (!pumpOne()) {
                return;
            }
        }
    }

    /** Sends the next request if it is due; false if it is not (timer armed) or the run is over for this connection. */
    private boolean pumpOne() {
        final long now = System.nanoTime();
        if (!open) {
            if (now - schedule.sendEnd() >= 0) {
                finishWhenIdle();
                return false;
            } else if (schedule.t0() - now > 0) {
                armTimer(schedule.t0() - now);
                return false;
            }
            return send(now, now - schedule.measureStart() >= 0, now);
        }
        if (next >= localPlanned) {
            finishWhenIdle();
            return false;
        }
        final long intended = schedule.intended(next * run.config().connections() + index);
        if (intended - now > 0) {
            armTimer(intended - now);
            return false;
        }
        return send(intended, next >= localWarmup, now);
    }

    /** Nothing more to send: the connection is finished once its last answer is in. */
    private void finishWhenIdle() {
        if (inFlight == 0) {
            finish();
        }
    }

    private void armTimer(final long delayNanos) {
        if (!timerArmed) {
            timerArmed = true;
            ctx.executor().schedule(timer, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        timerArmed = false;
        pump();
    }

    private boolean send(final long intended, final boolean measured, final long now) {
        final long n = run.budget.getAndIncrement();
        if (n >= run.maxRequests()) {
            next = localPlanned;
            finishWhenIdle();
            return false;
        }
        run.mix().choose(n, choice);
        final ByteBuf request = ctx.alloc().directBuffer(run.requestCapacity());
        run.template().encode(request, run.codes(), run.devices(), choice);
        if (choice.repeat || choice.wrapped) {
            stats.repeat++;
            if (choice.wrapped) {
                stats.wrapped++;
            }
        } else {
            stats.fresh++;
        }
        if (choice.forgedOffset >= 0) {
            stats.forged++;
        }
        next++;
        stats.sent++;
        final int slot = (head + inFlight) % flightSent.length;
        flightMeasured[slot] = measured;
        flightIntended[slot] = intended;
        flightSent[slot] = now;
        inFlight++;
        ctx.writeAndFlush(request, ctx.voidPromise());
        return true;
    }

    @Override
    public void onResponse(final int code) {
        if (inFlight == 0) {
            onProtocolError("an answer nobody asked for");
            return;
        }
        complete(code);
    }

    @Override
    public void onProtocolError(final String reason) {
        if (!run.stopping) {
            stats.protocolErrors++;
            if (stats.firstProtocolError == null) {
                stats.firstProtocolError = reason;
            }
        }
        ctx.close();
    }

    private void complete(final int status) {
        final long now = System.nanoTime();
        if (flightMeasured[head]) {
            stats.recordMeasured(now - flightIntended[head], now - flightSent[head], status, now);
        } else {
            stats.warmupCompleted++;
        }
        head = (head + 1) % flightSent.length;
        inFlight--;
        pump();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause) {
        if (!run.stopping) {
            stats.ioErrors++;
        }
        context.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext context) {
        if (!run.stopping) {
            stats.closedConnections++;
        }
        stats.unanswered += pendingMeasured();
        inFlight = 0;
        next = localPlanned;
        finish();
    }

    /** Measured requests this connection owes: those in flight, and (open model) the unsent rest of its share. */
    private long pendingMeasured() {
        long pending = 0;
        for (int i = 0; i < inFlight; i++) {
            pending += flightMeasured[(head + i) % flightSent.length] ? 1 : 0;
        }
        if (open) {
            pending += Math.max(0, localPlanned - Math.max(next, localWarmup));
        }
        return pending;
    }

    private void finish() {
        if (!finished) {
            finished = true;
            run.connectionFinished();
        }
    }
}
