package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;

/** Requests that get no usable answer are counted, never silently dropped from the report. */
class ErrorAccountingTest {

    @Test
    void shouldCountAnUnframeableAnswerAndTheRequestsItLeavesUnanswered() throws Exception {
        final Transport transport = Transport.best();
        final EventLoopGroup group = transport.group(1, "bad-server");
        try {
            final Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(final SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
                                    ReferenceCountUtil.release(msg);
                                    // No Content-Length, not chunked: a body delimited by close.
                                    ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello",
                                            StandardCharsets.US_ASCII));
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            final LoadConfig config = LoadConfig.builder()
                    .url("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort())
                    .rate(200.0)
                    .duration(Duration.ofSeconds(1))
                    .warmup(Duration.ZERO)
                    .connections(2)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(200, r.planned());
            assertEquals(0, r.measured());
            assertEquals(200, r.unanswered(), "the first request of each connection and everything after it");
            assertEquals(2, r.protocolErrors());
            assertEquals(2, r.sent());
            assertEquals(0, r.latency().getTotalCount());
            assertTrue(r.firstProtocolError().contains("neither Content-Length nor chunked"), r.firstProtocolError());
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
