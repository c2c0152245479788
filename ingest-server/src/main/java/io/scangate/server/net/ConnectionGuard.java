package io.scangate.server.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Caps a TCP port's open connections, overall and per client address, so that idle or trickling
 * connections from one source cannot exhaust the process's file descriptors (issue 13: 19,900
 * idle connections made scans and health time out). A connection over a cap is answered
 * {@code 503} with {@code Retry-After} and closed before anything of it is read. Memory is bounded:
 * one counter per address with a connection open.
 *
 * <p>Concurrency: shared by every connection of one port, on all its event loops; counters are atomic.
 */
@ChannelHandler.Sharable
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final ByteBuf FULL = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/problem+json\r\nContent-Length: 97\r\n"
                    + "Connection: close\r\n\r\n"
                    + "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"too many connections\"}",
            StandardCharsets.US_ASCII));

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    public ConnectionGuard(final int maxConnections, final int maxPerAddress) {
        if (maxConnections < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be positive, were " + maxConnections + " and " + maxPerAddress);
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) {
        final int total = open.incrementAndGet();
        final int fromAddress = adjust(address(ctx), 1);
        if (total > maxConnections || fromAddress > maxPerAddress) {
            refused.increment();
            ctx.writeAndFlush(FULL.duplicate()).addListener(ChannelFutureListener.CLOSE);
            return; // not passed on: the handlers behind never see this connection
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
        open.decrementAndGet();
        adjust(address(ctx), -1);
        ctx.fireChannelInactive();
    }

    /** Adds {@code delta} to the count of {@code a}'s connections (forgetting it at 0); returns the new count. */
    private int adjust(final InetAddress a, final int delta) {
        if (a == null) {
            return 0;
        }
        final int[] now = new int[1];
        perAddress.compute(a, (k, v) -> {
            final AtomicInteger c = v == null ? new AtomicInteger() : v;
            now[0] = c.addAndGet(delta);
            return now[0] <= 0 ? null : c;
        });
        return now[0];
    }

    private static InetAddress address(final ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    /** Connections open now (refused ones until they are closed). */
    public int open() {
        return open.get();
    }

    /** Connections refused over a cap since start. */
    public long refused() {
        return refused.sum();
    }

    /** Addresses with a connection open: the memory this guard holds. */
    public int addresses() {
        return perAddress.size();
    }
}
