package io.scangate.server.http;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.scangate.server.Transport;
import io.scangate.server.net.PortGuards;
import io.scangate.server.net.SlowRequestGuard;
import io.scangate.server.intake.ScanReplies;

/**
 * The public scan port: HTTP/1.1 on Netty with a {@link ScanHttpRequestDecoder} and {@link ScanConnection}; no
 * aggregator and no response encoder, answers are written as ready bytes.
 *
 * <p>Concurrency: started and stopped by the lifecycle thread; connections live on the group's
 * event loops.
 */
public final class ScanHttpServer implements AutoCloseable {
    private final Channel channel;

    private ScanHttpServer(final Channel channel) {
        this.channel = channel;
    }

    /** Binds the scan port, with TLS when {@code tls} is not null. {@code router} must be built on {@code workers}. */
    public static ScanHttpServer bind(final Transport transport, final EventLoopGroup boss, final EventLoopGroup workers,
                                      final ScanHttpContext shared, final InetSocketAddress address, final PortGuards guards,
                                      final io.netty.handler.ssl.SslContext tls)
            throws InterruptedException {
        final ScanReplies router = shared.router();
        final ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a client that does not read its answers stops being read (ScanConnection), so its
                // answers cannot pile up in memory without bound
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        final EventLoop loop = ch.eventLoop();
                        final SlowRequestGuard slow = guards.install(ch.pipeline());
                        if (tls != null) {
                            // after the connection guards (caps and deadlines count TLS handshakes too), before HTTP
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("decoder", new ScanHttpRequestDecoder(shared.maxBodyBytes()));
                        ch.pipeline().addLast("scan", new ScanConnection(shared, router.forLoop(loop), slow));
                    }
                });
        return new ScanHttpServer(b.bind(address).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting; open connections are closed when the groups shut down. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
