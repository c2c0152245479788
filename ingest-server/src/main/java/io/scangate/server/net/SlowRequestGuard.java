package io.scangate.server.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes connections that hold the server without using it (slowloris): a request whose bytes
 * are still arriving {@code requestMillis} after its first byte, and a connection that sent
 * nothing for {@code idleMillis} while no answer is owed (the reader-idle event of a Netty
 * {@code IdleStateHandler} placed before it). Sits first in the pipeline, before the HTTP
 * decoder, so it sees a request's first byte; the handler behind calls {@link #requestDone} when
 * a request is complete, and says through {@link Busy} whether answers are still owed.
 *
 * <p>Concurrency: one per connection, on its event loop; the counters are shared by a port.
 */
public final class SlowRequestGuard extends ChannelInboundHandlerAdapter {
    /** Whether a connection still owes answers (an idle connection waiting for them is not idle). */
    @FunctionalInterface
    public interface Busy {
        boolean owesAnswers();
    }

    /** What a port's guards closed, by reason. */
    public static final class Counts {
        final LongAdder slow = new LongAdder();
        final LongAdder idle = new LongAdder();

        public long slowRequests() {
            return slow.sum();
        }

        public long idleConnections() {
            return idle.sum();
        }
    }

    private final long requestNanos;
    private final Counts counts;
    private Busy busy = () -> false;
    private boolean inRequest;
    /** When the request in progress sent its first byte ({@link System#nanoTime()}). */
    private long requestStart;
    /** A deadline check is scheduled: at most one per connection at a time, rescheduled only while a request runs. */
    private boolean checkPending;
    private ChannelHandlerContext ctx;
    private final Runnable check = this::check;

    public SlowRequestGuard(final long requestMillis, final Counts counts) {
        this.requestNanos = TimeUnit.MILLISECONDS.toNanos(requestMillis);
        this.counts = counts;
    }

    /** Set once by the handler behind, which knows whether answers are owed. */
    public void busyWhen(final Busy owes) {
        this.busy = owes;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        if (!inRequest) {
            inRequest = true;
            requestStart = System.nanoTime();
            if (!checkPending) {
                // one timer per connection, not one per request: a check that finds a later request
                // running reschedules itself for that request's deadline
                checkPending = true;
                ctx.executor().schedule(check, requestNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The handler behind read a whole request: the next byte starts the next one's clock. */
    public void requestDone() {
        inRequest = false;
    }

    private void check() {
        checkPending = false;
        if (!inRequest || !ctx.channel().isActive()) {
            return;
        }
        final long left = requestStart + requestNanos - System.nanoTime();
        if (left <= 0) {
            counts.slow.increment();
            ctx.close();
        } else {
            checkPending = true;
            ctx.executor().schedule(check, left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
        if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
            if (!inRequest && !busy.owesAnswers()) {
                counts.idle.increment();
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
        requestDone();
        ctx.fireChannelInactive();
    }
}
