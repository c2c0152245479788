package io.scangate.server.net;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The connection defences of one TCP port, from its limits: a shared {@link ConnectionGuard},
 * and per connection a reader-idle timer and a {@link SlowRequestGuard}, put first in a pipeline
 * by {@link #install}.
 *
 * <p>Concurrency: immutable but for the guard's atomic counters; used by every event loop.
 */
public final class PortGuards {
    /** A port's limits: connections overall and per client address, idle and whole-request timeouts. */
    public record Limits(int maxConnections, int maxPerAddress, int idleSeconds, int requestSeconds) {
    }

    private final Limits limits;
    private final ConnectionGuard connections;
    private final SlowRequestGuard.Counts closed = new SlowRequestGuard.Counts();

    public PortGuards(final Limits limits) {
        this.limits = limits;
        this.connections = new ConnectionGuard(limits.maxConnections(), limits.maxPerAddress());
    }

    /** Puts the guards first in {@code pipeline}; returns the connection's slow-request guard for the handler behind. */
    public SlowRequestGuard install(final ChannelPipeline pipeline) {
        final SlowRequestGuard slow = new SlowRequestGuard(limits.requestSeconds() * 1000L, closed);
        pipeline.addLast("connections", connections);
        pipeline.addLast("idle", new IdleStateHandler(limits.idleSeconds(), 0, 0));
        pipeline.addLast("slow", slow);
        return slow;
    }

    public Limits limits() {
        return limits;
    }

    public ConnectionGuard connections() {
        return connections;
    }

    public SlowRequestGuard.Counts closed() {
        return closed;
    }
}
