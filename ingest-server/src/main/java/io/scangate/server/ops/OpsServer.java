package io.scangate.server.ops;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.scangate.server.Transport;
import io.scangate.server.net.PortGuards;
import io.scangate.server.net.SlowRequestGuard;

/**
 * The ops port: Prometheus metrics, health and the admin API. Low traffic, so it uses Netty's
 * ordinary codec and aggregator (bodies up to 1 MiB).
 *
 * <p>Concurrency: started and stopped by the lifecycle thread.
 */
public final class OpsServer implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    private final Channel channel;

    private OpsServer(final Channel channel) {
        this.channel = channel;
    }

    public static OpsServer bind(final Transport transport, final EventLoopGroup group, final OpsContext ops,
                                 final InetSocketAddress address, final PortGuards guards) throws InterruptedException {
        final AdminApi admin = new AdminApi(ops);
        final ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        final SlowRequestGuard slow = guards.install(ch.pipeline());
                        ch.pipeline().addLast(new HttpServerCodec(), new OpsGate(ops.adminTokens(), slow), new HttpObjectAggregator(MAX_BODY),
                                new ChunkedWriteHandler(), new OpsHandler(ops, admin));
                    }
                });
        return new OpsServer(b.bind(address).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
