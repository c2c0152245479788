package io.scangate.loadtest.baseline;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.scangate.loadtest.gen.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The bare-Netty baseline: what the scangate scan port would cost with no work at all. The same
 * Netty version, transport (epoll), thread counts (one acceptor, two workers) and socket options as
 * scangate; an {@link HttpServerCodec}; every request, whatever its method and path, is answered
 * {@code 200} with one fixed small JSON shaped like a scan answer, written with a void promise and
 * flushed once per read batch ({@code channelReadComplete}). Keep-alive and pipelining as HTTP/1.1
 * has them. Binds 127.0.0.1 only.
 *
 * <p>Concurrency: started and closed by one thread; each connection lives on one worker.
 */
public final class HelloServer implements AutoCloseable {
    /** The answer body, shaped like a scangate {@code GENUINE} first scan. */
    static final String BODY = "{\"verdict\":\"GENUINE\",\"code\":\"0000000000000000000000\",\"firstScan\":true,\"scanCount\":1,"
            + "\"firstScanAt\":\"2026-11-23T20:00:00.123Z\",\"firstScanRegion\":\"CN-31\",\"sku\":\"COLA-330\","
            + "\"gtin\":\"06901234567892\",\"batch\":3,\"reward\":null,\"alerts\":[]}";
    /** Next to scangate's defaults (HTTP 8080, UDP 8081, ops 9090). */
    public static final int DEFAULT_PORT = 8082;
    public static final int DEFAULT_WORKERS = 2;

    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(BODY.length()).writeBytes(BODY.getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    private static final AsciiString CONTENT_LENGTH = AsciiString.of(Integer.toString(BODY.length()));
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(4096)
            .setMaxHeaderSize(8192)
            .setMaxChunkSize(8192);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private HelloServer(final EventLoopGroup boss, final EventLoopGroup workers, final Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /** Starts a server on 127.0.0.1:{@code port} ({@code 0}: an ephemeral port) with {@code workerThreads} workers. */
    public static HelloServer start(final int port, final int workerThreads) throws InterruptedException {
        final Transport transport = Transport.best();
        final EventLoopGroup boss = transport.group(1, "hello-boss");
        final EventLoopGroup workers = transport.group(workerThreads, "hello-worker");
        try {
            final ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(final SocketChannel ch) {
                            ch.pipeline().addLast("codec", new HttpServerCodec(DECODER));
                            ch.pipeline().addLast("hello", new HelloHandler());
                        }
                    });
            final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            return new HelloServer(boss, workers, b.bind(address).sync().channel());
        } catch (final InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting, closes the connections and stops the threads (bounded waits). */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** One connection: answers each complete request; flushes once per read batch. Event-loop confined. */
    private static final class HelloHandler extends ChannelInboundHandlerAdapter {
        private boolean keepAlive = true;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    keepAlive = HttpUtil.isKeepAlive((HttpRequest) msg);
                }
                if (msg instanceof LastHttpContent) {
                    final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            CONTENT.duplicate());
                    response.headers()
                            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                            .set(HttpHeaderNames.CONTENT_LENGTH, CONTENT_LENGTH);
                    if (keepAlive) {
                        ctx.write(response, ctx.voidPromise());
                    } else {
                        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }
    }

    /** Command line of the baseline server. */
    @Command(name = "hello-server", mixinStandardHelpOptions = true,
            description = "Bare Netty HTTP server on 127.0.0.1 answering every request with a fixed scan-like JSON (the baseline).")
    static final class Main implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
                description = "Port on 127.0.0.1 (0: ephemeral). Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "" + DEFAULT_WORKERS,
                description = "Worker event loop threads. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(names = "--exit-after", paramLabel = "SECONDS", defaultValue = "3600",
                description = "Stop by itself after this many seconds, so a forgotten baseline does not linger. Default: ${DEFAULT-VALUE}.")
        long exitAfter;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65_535 || threads < 1 || threads > 64 || exitAfter < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--port must be in 0..65535, --threads in 1..64, --exit-after at least 1");
            }
            final HelloServer server = start(port, threads);
            final Thread hook = new Thread(server::close, "hello-server-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println("hello server listening on http://127.0.0.1:" + server.port() + " (" + Transport.best().name().toLowerCase(Locale.ROOT)
                    + ", " + threads + " workers)");
            server.channel.closeFuture().await(exitAfter, TimeUnit.SECONDS);
            return 0;
        }
    }
}
